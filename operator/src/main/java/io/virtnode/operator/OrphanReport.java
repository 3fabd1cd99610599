package io.virtnode.operator;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.state.VmRecord;
import io.virtnode.node.vm.VmIdentity;
import io.virtnode.node.vm.VmRuntime;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After the informers synced: runtime records whose VM (uid, namespace and name) exists nowhere in the
 * cluster are reported in the log and as a Warning Event on the Node. Nothing is done to them.
 */
final class OrphanReport {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanReport.class);
  static final String REASON = "OrphanedVmRecords";

  private OrphanReport() {}

  static List<VmRecord> report(KubernetesClient client, String node, String component, VmRuntime runtime) {
    List<VmRecord> orphans;
    try {
      var known = client.resources(VirtualMachine.class).inAnyNamespace().list().getItems().stream()
          .map(vm -> new VmIdentity(vm.getMetadata().getUid(), vm.getMetadata().getNamespace(),
              vm.getMetadata().getName())).toList();
      orphans = runtime.orphans(known);
    } catch (IOException | KubernetesClientException e) {
      LOG.warn("cannot look for orphaned runtime records: {}", e.getMessage());
      return List.of();
    }
    if (orphans.isEmpty()) return orphans;
    String what = orphans.stream().map(r -> r.displayName() + " (uid " + r.uid()
        + (r.process() != null ? ", QEMU pid " + r.process().pid() : "") + ")").collect(Collectors.joining(", "));
    String message = orphans.size() + " runtime record(s) on node " + node + " belong to VMs that no longer exist: "
        + what + "; their QEMUs are left running and nothing adopts them. Stop such a QEMU and remove its record"
        + " by hand once it is not needed";
    LOG.warn(message);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    try {
      client.v1().events().inNamespace("default").resource(new EventBuilder()
          .withNewMetadata().withName(node + "." + UUID.randomUUID().toString().substring(0, 8))
          .withNamespace("default").endMetadata()
          .withNewInvolvedObject().withApiVersion("v1").withKind("Node").withName(node).endInvolvedObject()
          .withType("Warning").withReason(REASON).withMessage(message)
          .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
          .withNewSource().withComponent(component).withHost(node).endSource().build()).create();
    } catch (KubernetesClientException e) {
      LOG.warn("cannot record the orphaned-records event on node {}: {}", node, e.getMessage());
    }
    return orphans;
  }
}
