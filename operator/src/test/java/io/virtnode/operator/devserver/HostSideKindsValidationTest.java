package io.virtnode.operator.devserver;

import static io.virtnode.operator.devserver.Vms.vm;
import static io.virtnode.operator.devserver.Vms.vms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded server serves the host-side kinds (HostDevice, VM interfaces and host devices; PortProfile in
 * PortProfileValidationTest) from the CRDs on the classpath, fills their defaults and refuses bad objects with the
 * schema's and CEL's messages.
 */
class HostSideKindsValidationTest {
  static DevApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = DevApiServer.start(0);
    assertThat(server.installCrdsFromClasspath()).contains("portprofiles.virtnode.io", "hostdevices.virtnode.io");
    client = server.kubernetesClient();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> clusterScoped(String kind, String plural) {
    return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup("virtnode.io")
        .withVersion("v1alpha1").withKind(kind).withPlural(plural).withNamespaced(false).build());
  }

  static NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
      Resource<GenericKubernetesResource>> hostDevices() {
    return clusterScoped("HostDevice", "hostdevices");
  }

  static GenericKubernetesResource object(String kind, String name, String specYaml) {
    return Serialization.unmarshal("""
        apiVersion: virtnode.io/v1alpha1
        kind: %s
        metadata:
          name: %s
        spec:
        %s""".formatted(kind, name, specYaml.indent(2)), GenericKubernetesResource.class);
  }

  static String refusal(Runnable write) {
    String[] message = new String[1];
    assertThatThrownBy(write::run).isInstanceOfSatisfying(KubernetesClientException.class, e -> {
      assertThat(e.getCode()).isEqualTo(422);
      message[0] = e.getStatus().getMessage();
    });
    return message[0];
  }

  static String vmWithInterfaces(String interfacesYaml) {
    return "memory: 128Mi\ninterfaces:\n" + interfacesYaml;
  }

  @Test
  void aDirectInterfaceGetsItsDefaultsAndKeepsWhatWasGiven() {
    GenericKubernetesResource created = vms(client).resource(vm("nic", vmWithInterfaces("""
        - {name: lan, link: eth0}
        - {name: san, link: bond0.10, mode: Bridge, model: e1000, macAddress: "52:54:00:12:34:56",
           portProfileRef: finance-vsi, filter: CleanTraffic, allowedIPs: [192.0.2.10, "2001:db8::/64"]}
        """) + "hostDevices:\n- {name: gpu, hostDeviceRef: node-a-0000-03-00-0, address: \"00:07.0\"}\n")).create();

    assertThat(created.<Map<String, Object>>get("spec", "interfaces", 0))
        .containsEntry("type", "Direct").containsEntry("mode", "Vepa").containsEntry("model", "virtio")
        .doesNotContainKeys("macAddress", "filter");
    assertThat(created.<String>get("spec", "interfaces", 1, "allowedIPs", 1)).isEqualTo("2001:db8::/64");
    assertThat(created.<String>get("spec", "hostDevices", 0, "address")).isEqualTo("00:07.0");
  }

  @Test
  void interfaceNamesAndMacsMustBeUniqueAndPassthroughTakesTheWholeLink() {
    assertThat(refusal(() -> vms(client).resource(vm("dupnic", vmWithInterfaces("""
        - {name: lan, link: eth0}
        - {name: lan, link: eth1}
        """))).create())).endsWith("spec: Invalid value: \"object\": interface names must be unique");
    assertThat(refusal(() -> vms(client).resource(vm("dupmac", vmWithInterfaces("""
        - {name: a, link: eth0, macAddress: "52:54:00:00:00:01"}
        - {name: b, link: eth1, macAddress: "52:54:00:00:00:01"}
        """))).create())).endsWith("spec: Invalid value: \"object\": interface MAC addresses must be unique");
    assertThat(refusal(() -> vms(client).resource(vm("sharedpt", vmWithInterfaces("""
        - {name: a, link: eth0, mode: Passthrough}
        - {name: b, link: eth0}
        """))).create())).contains("a Passthrough interface takes its whole link");
    vms(client).resource(vm("twopt", vmWithInterfaces("""
        - {name: a, link: eth0, mode: Passthrough}
        - {name: b, link: eth1, mode: Passthrough}
        """))).create();
    assertThat(vms(client).withName("sharedpt").get()).isNull();
  }

  @Test
  void macAddressesMustBeWellFormedUnicastAndNotZero() {
    assertThat(refusal(() -> vms(client).resource(vm("mcast", vmWithInterfaces(
        "- {name: a, link: eth0, macAddress: \"01:00:5e:00:00:01\"}\n"))).create()))
        .isEqualTo("VirtualMachine.virtnode.io \"mcast\" is invalid: spec.interfaces[0].macAddress: Invalid value:"
            + " \"string\": macAddress must be unicast: the lowest bit of the first octet (multicast) must be 0");
    assertThat(refusal(() -> vms(client).resource(vm("zeromac", vmWithInterfaces(
        "- {name: a, link: eth0, macAddress: \"00:00:00:00:00:00\"}\n"))).create()))
        .contains("macAddress cannot be all zeros");
    assertThat(refusal(() -> vms(client).resource(vm("upper", vmWithInterfaces(
        "- {name: a, link: eth0, macAddress: \"52:54:00:AB:CD:EF\"}\n"))).create()))
        .contains("spec.interfaces[0].macAddress: Invalid value: \"52:54:00:AB:CD:EF\": spec.interfaces[0].macAddress"
            + " in body should match '^[0-9a-f]{2}(:[0-9a-f]{2}){5}$'");
  }

  @Test
  void linksFollowTheKernelsDeviceNameRules() {
    assertThat(refusal(() -> vms(client).resource(vm("longlink", vmWithInterfaces(
        "- {name: a, link: abcdefghijklmnop}\n"))).create()))
        .contains("spec.interfaces[0].link: Too long: may not be more than 15 bytes");
    assertThat(refusal(() -> vms(client).resource(vm("aliaslink", vmWithInterfaces(
        "- {name: a, link: \"eth0:1\"}\n"))).create()))
        .contains("spec.interfaces[0].link: Invalid value: \"eth0:1\"").contains("should match '^[!-.0-9;-~]+$'");
    assertThat(refusal(() -> vms(client).resource(vm("dotlink", vmWithInterfaces(
        "- {name: a, link: ..}\n"))).create())).contains("link cannot be . or ..");
  }

  @Test
  void allowedIpsNeedAFilterAndMustBeAddressesOrPrefixes() {
    assertThat(refusal(() -> vms(client).resource(vm("nofilter", vmWithInterfaces(
        "- {name: a, link: eth0, allowedIPs: [192.0.2.1]}\n"))).create()))
        .endsWith("spec.interfaces[0]: Invalid value: \"object\": allowedIPs needs a filter (filter: CleanTraffic)"
            + " to take effect");
    assertThat(refusal(() -> vms(client).resource(vm("badip", vmWithInterfaces(
        "- {name: a, link: eth0, filter: CleanTraffic, allowedIPs: [192.0.2.256, \"2001:db8::/129\"]}\n"))).create()))
        .contains("spec.interfaces[0].allowedIPs[0]: Invalid value: \"192.0.2.256\"")
        .contains("spec.interfaces[0].allowedIPs[1]: Invalid value: \"2001:db8::/129\"");
    assertThat(refusal(() -> vms(client).resource(vm("badmode", vmWithInterfaces(
        "- {name: a, link: eth0, mode: Macvlan, model: ne2k, filter: NoSpoof}\n"))).create()))
        .contains("spec.interfaces[0].mode: Unsupported value: \"Macvlan\": supported values: \"Bridge\","
            + " \"Passthrough\", \"Private\", \"Vepa\"")
        .contains("spec.interfaces[0].model: Unsupported value: \"ne2k\"")
        .contains("spec.interfaces[0].filter: Unsupported value: \"NoSpoof\": supported values: \"CleanTraffic\"");
  }

  @Test
  void atMostSixteenInterfacesAndEightHostDevices() {
    StringBuilder nics = new StringBuilder();
    for (int i = 0; i < 17; i++) nics.append("- {name: n").append(i).append(", link: eth0}\n");
    StringBuilder devices = new StringBuilder("hostDevices:\n");
    for (int i = 0; i < 9; i++) devices.append("- {name: d").append(i).append(", hostDeviceRef: dev-").append(i).append("}\n");
    assertThat(refusal(() -> vms(client).resource(vm("many", vmWithInterfaces(nics.toString()) + devices)).create()))
        .contains("spec.interfaces: Too many: 17: must have at most 16 items")
        .contains("spec.hostDevices: Too many: 9: must have at most 8 items");
  }

  @Test
  void hostDevicesOfAVmAreUniqueByNameReferenceAndAddress() {
    assertThat(refusal(() -> vms(client).resource(vm("dupdev", """
        memory: 128Mi
        hostDevices:
        - {name: a, hostDeviceRef: dev-1}
        - {name: a, hostDeviceRef: dev-2}
        """)).create())).contains("host device names must be unique");
    assertThat(refusal(() -> vms(client).resource(vm("dupref", """
        memory: 128Mi
        hostDevices:
        - {name: a, hostDeviceRef: dev-1}
        - {name: b, hostDeviceRef: dev-1}
        """)).create())).contains("a HostDevice can be given to a VM only once");
    assertThat(refusal(() -> vms(client).resource(vm("dupaddr", """
        memory: 128Mi
        hostDevices:
        - {name: a, hostDeviceRef: dev-1, address: "00:07.0"}
        - {name: b, hostDeviceRef: dev-2, address: "00:07.0"}
        """)).create())).contains("host device guest addresses must be unique");
    assertThat(refusal(() -> vms(client).resource(vm("badaddr", """
        memory: 128Mi
        hostDevices:
        - {name: a, address: "00:20.0"}
        """)).create())).contains("spec.hostDevices[0].hostDeviceRef: Required value")
        .contains("spec.hostDevices[0].address: Invalid value: \"00:20.0\"");
  }

  @Test
  void aHostDeviceGetsModeHostAndManagedByDefaultAndKeepsItsStatus() {
    GenericKubernetesResource created = hostDevices().resource(object("HostDevice", "node-a-0000-03-00-0",
        "{nodeName: node-a, address: \"0000:03:00.0\"}")).create();
    assertThat(created.<Map<String, Object>>get("spec")).containsEntry("mode", "Host").containsEntry("managed", true);

    hostDevices().withName("node-a-0000-03-00-0").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"driver\":\"e1000e\",\"iommuGroup\":7,\"iommuGroupMembers\":[\"0000:03:00.0\",\"0000:03:00.1\"],"
            + "\"numaNode\":-1,\"present\":true,\"hostCritical\":{\"critical\":true,\"dependents\":"
            + "[\"network interface eth0 (up, default route)\"]},"
            + "\"assignedTo\":{\"namespace\":\"default\",\"name\":\"vm-1\",\"uid\":\"0b53fb7e-4c1d-4f0c-9d8a-2b7f3c1e5a90\"},"
            + "\"conditions\":[{\"type\":\"Blocked\",\"status\":\"True\",\"reason\":\"HostCritical\","
            + "\"message\":\"network interface eth0 is up and carries the default route\"}]}}");
    GenericKubernetesResource read = hostDevices().withName("node-a-0000-03-00-0").get();
    assertThat(read.<String>get("status", "hostCritical", "dependents", 0)).startsWith("network interface eth0");
    assertThat(read.<String>get("status", "assignedTo", "uid")).isEqualTo("0b53fb7e-4c1d-4f0c-9d8a-2b7f3c1e5a90");
    assertThat(read.<String>get("status", "conditions", 0, "reason")).isEqualTo("HostCritical");
  }

  @Test
  void aHostDevicesNodeAndAddressAreImmutableAndWellFormed() {
    hostDevices().resource(object("HostDevice", "node-b-0000-00-1f-6",
        "{nodeName: node-b, address: \"0000:00:1f.6\", mode: Passthrough, managed: false}")).create();
    assertThat(refusal(() -> hostDevices().withName("node-b-0000-00-1f-6").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"spec\":{\"nodeName\":\"node-c\",\"address\":\"0000:00:1f.5\"}}")))
        .contains("spec.nodeName: Invalid value: \"string\": nodeName is immutable; a HostDevice is one device of one node")
        .contains("spec.address: Invalid value: \"string\": address is immutable; a HostDevice is one device of one node");
    GenericKubernetesResource host = hostDevices().withName("node-b-0000-00-1f-6").patch(
        PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"mode\":\"Host\"}}");
    assertThat(host.<String>get("spec", "mode")).isEqualTo("Host");

    assertThat(refusal(() -> hostDevices().resource(object("HostDevice", "bad",
        "{nodeName: node-b, address: \"03:00.0\", mode: Vfio}")).create()))
        .contains("spec.address: Invalid value: \"03:00.0\": spec.address in body should match"
            + " '^[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.[0-7]$'")
        .contains("spec.mode: Unsupported value: \"Vfio\": supported values: \"Host\", \"Passthrough\"");
    assertThat(refusal(() -> hostDevices().resource(object("HostDevice", "nonode", "{address: \"0000:03:00.0\"}"))
        .create())).contains("spec.nodeName: Required value");
  }

  @Test
  void vmStatusCarriesInterfacesAndTheMigrationSummary() {
    vms(client).resource(vm("st", vmWithInterfaces("- {name: lan, link: eth0}\n"))).create();
    vms(client).withName("st").subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
        "{\"status\":{\"interfaces\":[{\"name\":\"lan\",\"macvtap\":\"macvtap3\",\"ifindex\":12,"
            + "\"macAddress\":\"52:54:00:12:34:56\",\"pciAddress\":\"0000:00:04.0\",\"linkState\":\"Up\","
            + "\"portProfileState\":\"InProgress\",\"message\":\"waiting for the switch\"}],"
            + "\"migration\":{\"name\":\"move-1\",\"phase\":\"Transferring\",\"targetNode\":\"node-b\",\"percent\":42}}}");
    GenericKubernetesResource read = vms(client).withName("st").get();
    assertThat(read.<String>get("status", "interfaces", 0, "portProfileState")).isEqualTo("InProgress");
    assertThat(read.<Integer>get("status", "migration", "percent")).isEqualTo(42);
  }
}
