package io.virtnode.operator.devserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SelectorsAndPathsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode object(String labels) throws Exception {
    return JSON.readTree("{\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\",\"labels\":" + labels + "},"
        + "\"status\":{\"conditions\":[{\"type\":\"Paused\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"True\"}]}}");
  }

  @Test
  void labelSelectorsEvaluateEqualityAndSetRequirements() throws Exception {
    JsonNode o = object("{\"tier\":\"a\",\"zone\":\"z1\"}");
    assertThat(Selectors.labels("tier in (a, b),zone=z1").test(o)).isTrue();
    assertThat(Selectors.labels("tier notin (a)").test(o)).isFalse();
    assertThat(Selectors.labels("tier notin (b),missing notin (x)").test(o)).isTrue();
    assertThat(Selectors.labels("!tier").test(o)).isFalse();
    assertThat(Selectors.labels("!other,zone").test(o)).isTrue();
    assertThat(Selectors.labels("zone!=z1").test(o)).isFalse();
    assertThat(Selectors.labels("zone==z1").test(o)).isTrue();
  }

  @Test
  void fieldSelectorsMatchNameAndNamespace() throws Exception {
    JsonNode o = object("{}");
    ResourceType vms = ResourceType.builtin("virtnode.io/v1alpha1", "virtualmachines", "VirtualMachine", true,
        java.util.List.of(), true);
    assertThat(FieldSelectors.parse(vms, "metadata.name=a,metadata.namespace=ns").test(o)).isTrue();
    assertThat(FieldSelectors.parse(vms, "metadata.name!=a").test(o)).isFalse();
    assertThat(FieldSelectors.parse(vms, "metadata.namespace==other").test(o)).isFalse();
  }

  @Test
  void jsonPathsSelectFieldsAndFilteredListElements() throws Exception {
    JsonNode o = object("{}");
    assertThat(JsonPaths.select(o, ".metadata.name")).singleElement().extracting(JsonNode::asText).isEqualTo("a");
    assertThat(JsonPaths.select(o, ".status.conditions[?(@.type==\"Ready\")].status")).singleElement()
        .extracting(JsonNode::asText).isEqualTo("True");
    assertThat(JsonPaths.select(o, ".status.conditions[*].type")).hasSize(2);
    assertThat(JsonPaths.select(o, ".status.nodeName")).isEmpty();
  }

  @Test
  void agesAreWordedLikeKubectl() {
    assertThat(TableRenderer.humanDuration(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(TableRenderer.humanDuration(Duration.ofSeconds(150))).isEqualTo("2m30s");
    assertThat(TableRenderer.humanDuration(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(TableRenderer.humanDuration(Duration.ofHours(5).plusMinutes(3))).isEqualTo("5h3m");
    assertThat(TableRenderer.humanDuration(Duration.ofDays(3))).isEqualTo("3d");
  }

  @Test
  void tableWantedOnlyWhenTableComesFirst() {
    assertThat(TableRenderer.wantsTable("application/json;as=Table;v=v1;g=meta.k8s.io,application/json")).isTrue();
    assertThat(TableRenderer.wantsTable("application/json, application/json;as=Table;v=v1;g=meta.k8s.io")).isFalse();
    assertThat(TableRenderer.wantsTable("application/json;as=Table;v=v1beta1;g=meta.k8s.io")).isFalse();
  }
}
