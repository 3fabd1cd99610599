package io.virtnode.reconcile.migration;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

class HostDevicesTest {
  private static GenericKubernetesResource raw(String spec) {
    return Serialization.unmarshal("""
        apiVersion: virtnode.io/v1alpha1
        kind: VirtualMachine
        metadata: {name: vm1, namespace: default}
        spec: %s
        """.formatted(spec), GenericKubernetesResource.class);
  }

  @Test void passthroughDevicesAreCountedFromTheRawSpec() {
    assertThat(HostDevices.count(raw("{memory: 64Mi, hostDevices: [{name: gpu0}, {name: nic1}]}"))).isEqualTo(2);
  }

  @Test void aVmWithoutTheFieldOrWithoutAnObjectHasNone() {
    assertThat(HostDevices.count(raw("{memory: 64Mi}"))).isZero();
    assertThat(HostDevices.count(raw("{memory: 64Mi, hostDevices: []}"))).isZero();
    assertThat(HostDevices.count(null)).isZero();
  }
}
