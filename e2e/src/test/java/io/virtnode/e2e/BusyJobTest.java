package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VmState;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.vm.VmIdentity;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** While a job (here a hotplug) holds a VM, a change asked through the API reports busy, then happens after it. */
@Tag("lifecycle")
class BusyJobTest {
  @TempDir Path root;

  @Test void aChangeWhileAnotherJobHoldsTheVmReportsBusyAndHappensOnceItEnds() throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 27700, "node-a")) {
      cluster.create(Vms.minimal("held", cluster.images.toString(), ""));
      VirtualMachine vm = cluster.awaitCondition("held", "Ready", "True");
      var id = new VmIdentity(vm.getMetadata().getUid(), "default", "held");
      Path record = root.resolve("node-a/state/vms/" + id.uid() + ".json");

      var job = cluster.agent("node-a").runtime().job(id, JobKind.Hotplug);
      try {
        assertThat(Files.readString(record)).contains("\"kind\" : \"Hotplug\"");
        cluster.client.resources(VirtualMachine.class).inNamespace("default").withName("held").edit(v -> {
          v.getSpec().state = VmState.Paused;
          return v;
        });
        VirtualMachine busy = cluster.awaitCondition("held", "Failed", "True");
        var failed = busy.getStatus().conditions.stream().filter(c -> c.type.equals("Failed")).findFirst().orElseThrow();
        assertThat(failed.reason).isEqualTo("Busy");
        assertThat(failed.message).startsWith("busy: Hotplug since ");
        assertThat(busy.getStatus().state).as("still running: the pause waits").isEqualTo("Running");
      } finally {
        job.close();
      }
      VirtualMachine paused = cluster.awaitCondition("held", "Paused", "True");
      assertThat(paused.getStatus().conditions).noneMatch(c -> c.type.equals("Failed"));
      assertThat(paused.getStatus().pid).isEqualTo(vm.getStatus().pid);
      assertThat(Files.readString(record)).doesNotContain("Hotplug");
    }
  }
}
