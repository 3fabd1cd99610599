package io.virtnode.operator.plugin;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.virtnode.api.v1alpha1.MigrationStorage;
import io.virtnode.api.v1alpha1.VirtualMachineMigration;
import io.virtnode.api.v1alpha1.VirtualMachineMigrationSpec;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** migrate: creates a VirtualMachineMigration; with {@code --wait} follows it to its end. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = {"Move a running VM to another node, live, by creating a VirtualMachineMigration.",
        "With --wait: a progress bar until it ends; exit code 0 only when it Succeeded."})
final class MigrateCommand extends PluginCommand {
  @Parameters(index = "0", paramLabel = "VM", description = "VirtualMachine name.")
  String vm;

  @Option(names = "--to", paramLabel = "NODE", description = "Target node (default: chosen like a placement).")
  String targetNode;

  @Option(names = "--storage", paramLabel = "MODE", description = "Shared, CopyAll or CopyTop (default: Shared).")
  MigrationStorage storage;

  @Option(names = "--bandwidth", paramLabel = "QUANTITY",
      description = "Most bytes per second, e.g. 64Mi (default: unlimited).")
  String bandwidth;

  @Option(names = "--name", paramLabel = "NAME", description = "Migration name (default: VM-migrate-xxxxx).")
  String name;

  @Option(names = "--wait", description = "Follow the migration until it ends.")
  boolean await;

  @Option(names = "--timeout", defaultValue = "3600", paramLabel = "SECONDS",
      description = "With --wait: how long to follow it (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds;

  @Override int run() {
    Vms vms = vms();
    vms.get(vm);
    VirtualMachineMigration migration = new VirtualMachineMigration();
    migration.setMetadata(new ObjectMetaBuilder().withNamespace(vms.namespace())
        .withName(name != null ? name : vm + "-migrate-" + suffix()).build());
    VirtualMachineMigrationSpec spec = new VirtualMachineMigrationSpec();
    spec.vmName = vm;
    spec.targetNode = targetNode;
    if (storage != null) spec.storage = storage;
    if (bandwidth != null) spec.bandwidth = bandwidth;
    migration.setSpec(spec);
    VirtualMachineMigration created = client().resources(VirtualMachineMigration.class)
        .inNamespace(vms.namespace()).resource(migration).create();
    String migrationName = created.getMetadata().getName();
    out().println("virtualmachinemigration " + vms.namespace() + "/" + migrationName + " created: " + vm + " -> "
        + (targetNode == null ? "a node the controller chooses" : targetNode));
    if (!await) {
      out().println("follow it: kubectl get vmm -n " + vms.namespace() + " " + migrationName + " -w");
      return 0;
    }
    return new MigrationFollower(client(), vms.namespace(), migrationName, io()).follow(timeoutSeconds);
  }

  private static String suffix() {
    String letters = "bcdfghjklmnpqrstvwxz2456789";
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 5; i++) text.append(letters.charAt(ThreadLocalRandom.current().nextInt(letters.length())));
    return text.toString().toLowerCase(Locale.ROOT);
  }
}
