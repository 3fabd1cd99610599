package io.virtnode.operator.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start, stop, pause, resume, save and restore against the embedded API server. */
@Tag("api")
class StateCommandsTest {
  @TempDir
  static Path dir;
  static PluginCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = new PluginCluster(dir);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void eachStateCommandPatchesSpecStateAndSaysWhatChanged() {
    cluster.createVm("states");

    PluginCluster.Run stop = cluster.run("stop", "states");
    assertThat(stop.code()).as(stop.err()).isZero();
    assertThat(stop.out()).contains("virtualmachine default/states: spec.state Running -> Stopped")
        .contains("kubectl wait -n default vm/states --for=jsonpath='{.status.state}'=Stopped");
    assertThat(cluster.vm("states").getSpec().state.name()).isEqualTo("Stopped");

    assertThat(cluster.run("start", "states").out()).contains("spec.state Stopped -> Running")
        .contains("kubectl wait -n default vm/states --for=condition=Ready");
    assertThat(cluster.vm("states").getSpec().state.name()).isEqualTo("Running");

    assertThat(cluster.run("pause", "states").out()).contains("spec.state Running -> Paused");
    assertThat(cluster.vm("states").getSpec().state.name()).isEqualTo("Paused");

    assertThat(cluster.run("resume", "states").out()).contains("spec.state Paused -> Running");
    assertThat(cluster.vm("states").getSpec().state.name()).isEqualTo("Running");
  }

  @Test
  void aStateAlreadyAskedForChangesNothing() {
    cluster.createVm("already");
    long generation = cluster.vm("already").getMetadata().getGeneration();

    PluginCluster.Run start = cluster.run("start", "already");

    assertThat(start.code()).isZero();
    assertThat(start.out()).contains("spec.state is already Running; nothing changed");
    assertThat(cluster.vm("already").getMetadata().getGeneration()).isEqualTo(generation);
  }

  @Test
  void anUnknownVmFailsNamingTheNamespaceAndTheVm() {
    cluster.client().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata()
        .build()).create();

    PluginCluster.Run run = cluster.run("pause", "-n", "team-a", "ghost");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("VirtualMachine \"ghost\" not found in namespace \"team-a\"");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void saveIsPatchedWhenTheCrdAcceptsItAndOtherwiseTheRefusalIsShown() {
    cluster.createVm("hibernate");
    CustomResourceDefinition crd = cluster.client().apiextensions().v1().customResourceDefinitions()
        .withName("virtualmachines.virtnode.io").get();
    boolean savedAccepted = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().getProperties()
        .get("spec").getProperties().get("state").getEnum().stream().anyMatch(v -> v.toString().contains("Saved"));

    PluginCluster.Run save = cluster.run("save", "hibernate");

    if (savedAccepted) {
      assertThat(save.code()).as(save.err()).isZero();
      assertThat(save.out()).contains("spec.state Running -> Saved");
      assertThat(cluster.client().genericKubernetesResources(Vms.VM).inNamespace("default").withName("hibernate")
          .get().<String>get("spec", "state")).isEqualTo("Saved");
      assertThat(cluster.run("restore", "hibernate").out()).contains("spec.state Saved -> Running");
    } else {
      assertThat(save.code()).isEqualTo(1);
      assertThat(save.err()).contains("the API server refused spec.state Saved for default/hibernate (it stays Running)")
          .contains("Saved");
      assertThat(save.out()).doesNotContain("->");
      assertThat(cluster.vm("hibernate").getSpec().state.name()).isEqualTo("Running");
    }
  }

  @Test
  void withoutASubcommandTheUsageIsPrinted() {
    PluginCluster.Run run = cluster.run();

    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("migrate").contains("console");
  }
}
