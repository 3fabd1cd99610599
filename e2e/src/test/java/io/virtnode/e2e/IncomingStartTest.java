package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.node.vm.StartMode;
import io.virtnode.node.vm.StartRequest;
import io.virtnode.node.vm.VmRuntime;
import io.virtnode.reconcile.vm.SpecMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start in Incoming mode (as a migration target) waits for a stream with its CPUs stopped: only its caller resumes. */
@Tag("lifecycle")
class IncomingStartTest {
  @TempDir Path root;

  @Test void anIncomingStartStaysInMigrateWithItsCpusStopped() throws Exception {
    try (TestCluster cluster = TestCluster.start(root, 27400, "node-a")) {
      VirtualMachine vm = Vms.minimal("target", cluster.images.toString(), "");
      vm.getMetadata().setUid(UUID.randomUUID().toString()); // the VM of a migration, not (yet) placed here
      VmRuntime runtime = cluster.agent("node-a").runtime();
      var id = SpecMapper.identity(vm);

      runtime.start(new StartRequest(id, SpecMapper.domain(vm), SpecMapper.creations(vm), StartMode.Incoming));

      assertThat(runtime.observe(id).processAlive()).isTrue();
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
          .until(() -> "inmigrate".equals(runtime.observe(id).runState()));
      String record = Files.readString(root.resolve("node-a/state/vms/" + id.uid() + ".json"));
      assertThat(record).contains("\"-incoming\", \"defer\"");
      await().atMost(Duration.ofSeconds(60)).until(() -> runtime.stop(id).stopped());
      runtime.forget(id);
      assertThat(runtime.observe(id).processAlive()).isFalse();
    }
  }
}
