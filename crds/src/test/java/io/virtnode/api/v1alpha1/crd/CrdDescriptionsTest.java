package io.virtnode.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtnode.api.v1alpha1.crd.GeneratedCrds.VersionSchema;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every property of the CRD schemas, status and Condition fields included, carries a description. */
@Tag("api")
class CrdDescriptionsTest {
  static List<VersionSchema> schemas() {
    return GeneratedCrds.schemas();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemas")
  void everyPropertyHasADescription(VersionSchema crd) {
    List<SchemaWalk.Node> properties = SchemaWalk.nodes(crd.schema()).stream().filter(SchemaWalk.Node::property).toList();
    assertThat(properties).extracting(SchemaWalk.Node::path)
        .as("the walk reaches status and Condition fields")
        .contains("status.conditions[*].message", "status.conditions[*].lastTransitionTime");
    if (crd.virtualMachines()) {
      assertThat(properties).extracting(SchemaWalk.Node::path).contains("spec.pcieRootPorts",
          "spec.interfaces[*].allowedIPs", "spec.hostDevices[*].hostDeviceRef", "status.interfaces[*].portProfileState",
          "status.migration.percent");
    }
    if (crd.name().contains("/portprofiles.")) {
      assertThat(properties).extracting(SchemaWalk.Node::path).contains("spec.typeIdVersion",
          "status.interfaces[*].interfaceName");
    }
    if (crd.name().contains("/hostdevices.")) {
      assertThat(properties).extracting(SchemaWalk.Node::path).contains("status.hostCritical.dependents",
          "status.assignedTo.uid");
    }
    assertThat(properties)
        .filteredOn(p -> p.schema().path("description").asText("").isBlank())
        .extracting(SchemaWalk.Node::path)
        .as("properties without a description in %s", crd)
        .isEmpty();
  }
}
