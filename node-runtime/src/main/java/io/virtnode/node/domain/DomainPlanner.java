package io.virtnode.node.domain;

import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuArgv;
import io.virtnode.node.qemu.QemuCapability;
import io.virtnode.node.qemu.QemuOptions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a {@link DomainSpec} into the exact QEMU command line and its guest addresses. Pure and
 * deterministic: no I/O, same input gives the same argv. QEMU always starts with -S; the agent sends
 * {@code cont} itself when the VM should run.
 */
public final class DomainPlanner {

  /** Plans spec on the host described by ctx; throws PlanException with a CamelCase reason on bad specs. */
  public DomainPlan plan(DomainSpec spec, PlanContext ctx) throws PlanException {
    SpecChecks.check(spec, ctx);
    Capabilities caps = ctx.capabilities();
    AddressBook previous = ctx.previous() == null ? AddressBook.EMPTY : ctx.previous();
    DeviceLayout layout = DeviceLayout.assign(spec, previous);
    boolean audio = !ctx.hostAudio() && caps.has(QemuCapability.AUDIODEV);

    QemuArgv argv = new QemuArgv(caps.binary());
    machine(argv, spec, ctx);
    if (audio) {
      argv.option("-audiodev", QemuOptions.of("none").add("id", DeviceIds.AUDIO));
    }
    new DeviceArgs(spec, caps, layout, PciSlots.rootBus("q35".equals(spec.machine())), ctx.diskFds(),
        ctx.paths()).append(argv);
    String vncEndpoint = spec.vnc() == null ? null : VncArgs.append(argv, spec.vnc(), ctx, audio);

    Map<String, String> diskNodeNames = new LinkedHashMap<>();
    spec.disks().forEach(d -> diskNodeNames.put(d.name(), DeviceIds.disk(d.name())));
    return new DomainPlan(argv.toList(), new AddressBook(layout.entries(spec)), diskNodeNames, vncEndpoint);
  }

  private static void machine(QemuArgv argv, DomainSpec spec, PlanContext ctx) {
    boolean kvm = ctx.capabilities().has(QemuCapability.KVM);
    argv.option("-name", QemuOptions.keys().add("guest", spec.name()).add("debug-threads", true))
        .optionVerbatim("-uuid", spec.uuid())
        .option("-no-user-config")
        .option("-nodefaults")
        .option("-machine", QemuOptions.of(spec.machine()))
        .option("-accel", kvm ? QemuOptions.of("kvm") : QemuOptions.of("tcg").add("tb-size", 16))
        .optionVerbatim("-cpu", kvm ? "host" : "max")
        .option("-m", QemuOptions.of(Long.toString(spec.memoryMiB())))
        .option("-smp", QemuOptions.of(Integer.toString(spec.cpus())))
        .option("-chardev", QemuOptions.of("socket").add("id", DeviceIds.MONITOR)
            .add("path", ctx.paths().qmpSocket().toString()).add("server", true).add("wait", false))
        .option("-mon", QemuOptions.keys().add("chardev", DeviceIds.MONITOR).add("mode", "control"))
        .optionVerbatim("-pidfile", ctx.paths().pidFile().toString())
        .option("-display", QemuOptions.of("none"))
        .option("-S");
    if (ctx.capabilities().has(QemuCapability.SANDBOX)) {
      argv.option("-sandbox", QemuOptions.of("on").add("obsolete", "deny").add("elevateprivileges", "deny")
          .add("spawn", "deny").add("resourcecontrol", "deny"));
    }
  }
}
