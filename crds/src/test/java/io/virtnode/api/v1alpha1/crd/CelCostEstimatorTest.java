package io.virtnode.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The estimator gives the figures apiextensions-apiserver's own cost tests expect
 * (pkg/apiserver/schema/cel/compilation_test.go TestCostEstimation, "set maxLength" cases).
 */
@Tag("api")
class CelCostEstimatorTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0}: {1} costs {2}")
  @CsvSource(delimiter = '|', textBlock = """
      {"type":"array","maxItems":10,"items":{"type":"number"}}                           | self.all(x, true)                        | 32
      {"type":"array","maxItems":20,"items":{"type":"string"}}                           | self.all(x, true)                        | 62
      {"type":"array","maxItems":5,"items":{"type":"boolean"}}                           | self.all(x, true)                        | 17
      {"type":"array","maxItems":10,"items":{"type":"number"}}                           | self.all(x, self.all(y, true))           | 352
      {"type":"array","maxItems":10,"items":{"type":"number"}}                           | self.all(x, self.all(y, self.all(z, true))) | 3552
      {"type":"array","maxItems":0,"items":{"type":"number"}}                            | self[3] == 0.0                           | 2
      {"type":"array","maxItems":8,"items":{"type":"string"}}                            | self[1] == self[1]                       | 314577
      {"type":"array","maxItems":25,"items":{"type":"boolean"}}                          | self[0] == false                         | 2
      {"type":"string","maxLength":50}                                                    | self.matches("x")                        | 22
      {"type":"string","maxLength":100}                                                   | self.matches("")                         | 1
      {"type":"string","maxLength":10}                                                    | self.contains('test')                    | 5
      {"type":"string","maxLength":15}                                                    | self.startsWith('test')                  | 2
      {"type":"string","maxLength":30}                                                    | self.endsWith('test')                    | 2
      {"type":"string","maxLength":4}                                                     | size(self + "hello") > size("hello")     | 7
      {"type":"string","maxLength":0}                                                     | self == "x"                              | 1
      {"type":"object","maxProperties":3,"additionalProperties":{"type":"string"}}       | self.all(x, true)                        | 11
      {"type":"object","maxProperties":10,"additionalProperties":{"type":"string","maxLength":10}} | self.all(x, x.contains(self[x])) | 72
      """)
  void matchesTheApiserversOwnFigures(String schema, String rule, long expected) throws Exception {
    JsonNode self = JSON.readTree(schema);
    assertThat(CelCostEstimator.maxCost(rule, self)).isEqualTo(expected);
  }

  @Test void aFunctionWithoutACostModelIsAnErrorNotAGuess() throws Exception {
    JsonNode self = JSON.readTree("{\"type\":\"string\",\"maxLength\":10}");
    assertThatThrownBy(() -> CelCostEstimator.maxCost("self.lowerAscii() == 'a'", self))
        .hasMessageContaining("no cost model for function lowerAscii");
  }

  @Test void anUnboundedStringCostsAsMuchAsTheWholeRequest() throws Exception {
    long bounded = CelCostEstimator.maxCost("self.contains('//')", JSON.readTree("{\"type\":\"string\",\"maxLength\":4095}"));
    long unbounded = CelCostEstimator.maxCost("self.contains('//')", JSON.readTree("{\"type\":\"string\"}"));
    assertThat(bounded).isEqualTo(1 + 1638);
    assertThat(unbounded).isEqualTo(1 + 314573);
  }
}
