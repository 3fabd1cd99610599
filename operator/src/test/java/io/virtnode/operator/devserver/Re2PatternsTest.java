package io.virtnode.operator.devserver;

import static io.virtnode.operator.devserver.Vms.sample;
import static io.virtnode.operator.devserver.Vms.vm;
import static io.virtnode.operator.devserver.Vms.vms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The embedded server matches CRD patterns with RE2, as kube-apiserver does: a pattern RE2 refuses is an error
 * of the CRD, never matched with Java's regex; and the bounds of the installed CRD hold on writes.
 */
@Tag("api")
class Re2PatternsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static DevApiServer server;
  static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = DevApiServer.start(0);
    assertThat(server.installCrdsFromClasspath()).contains("virtualmachines.virtnode.io");
    client = server.kubernetesClient();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPatternRe2RefusesIsAnErrorOfTheCrdEvenWhenJavaAcceptsIt() throws Exception {
    JsonNode schema = JSON.readTree("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "path":{"type":"string","pattern":"^/[^\\\\x00-\\\\x1f]{0,4094}$"},
          "name":{"type":"string","pattern":"^(?=a)a+$"}}}}}""");
    java.util.regex.Pattern.compile("^/[^\\x00-\\x1f]{0,4094}$");
    java.util.regex.Pattern.compile("^(?=a)a+$");
    JsonNode object = JSON.readTree("{\"spec\":{}}");

    List<FieldError> errors = SchemaValidator.validate(object, schema, List.of("spec"));

    assertThat(errors).extracting(FieldError::field).containsExactly(
        "spec.validation.openAPIV3Schema.properties[spec].properties[path].pattern",
        "spec.validation.openAPIV3Schema.properties[spec].properties[name].pattern");
    assertThat(errors.get(0).message()).contains("not RE2 syntax").contains("fix the CRD");
  }

  @Test
  void patternsMatchAsRe2FindsThem() throws Exception {
    JsonNode schema = JSON.readTree("""
        {"type":"object","properties":{"spec":{"type":"object","properties":{
          "path":{"type":"string","pattern":"^/[^\\\\x00-\\\\x1f\\\\x7f]*$"}}}}}""");

    assertThat(SchemaValidator.validate(JSON.readTree("{\"spec\":{\"path\":\"/var/lib/a b.img\"}}"), schema,
        List.of("spec"))).isEmpty();
    assertThat(SchemaValidator.validate(JSON.readTree("{\"spec\":{\"path\":\"/var/\\u0001lib\"}}"), schema,
        List.of("spec"))).extracting(FieldError::message).singleElement().asString()
        .startsWith("spec.path: Invalid value: ").contains("should match '^/[^\\x00-\\x1f\\x7f]*$'");
  }

  @Test
  void aPathLongerThanPathMaxIsTooLong() {
    String spec = """
        memory: 128Mi
        disks:
        - name: root
          path: /%s
        """.formatted("a".repeat(4095));
    assertThatThrownBy(() -> vms(client).resource(vm("longpath", spec)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getStatus().getDetails().getCauses()).extracting(c -> c.getField() + ": " + c.getMessage())
              .containsExactly("spec.disks[0].path: Too long: may not be more than 4095 bytes");
        });
  }

  @Test
  void pcieRootPortsDefaultsToFourAndIsBounded() {
    assertThat(vms(client).resource(sample("ports")).create().<Integer>get("spec", "pcieRootPorts")).isEqualTo(4);
    assertThatThrownBy(() -> vms(client).resource(vm("toomany", "memory: 128Mi\npcieRootPorts: 33\n")).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getMessage())
            .contains("spec.pcieRootPorts in body should be less than or equal to 32"));
  }
}
