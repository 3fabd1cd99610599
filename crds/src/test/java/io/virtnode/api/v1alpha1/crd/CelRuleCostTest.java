package io.virtnode.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.virtnode.api.v1alpha1.crd.GeneratedCrds.VersionSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every x-kubernetes-validations rule stays within kube-apiserver's CEL budgets, estimated as
 * apiextensions-apiserver estimates them when a CRD is written (validation.go: a rule's cost is its per-call
 * estimate times the rule's cardinality; StaticEstimatedCostLimit per rule, StaticEstimatedCRDCostLimit per CRD;
 * PerCallLimit bounds one evaluation at run time). Prints the figure of every rule.
 */
@Tag("api")
class CelRuleCostTest {
  /** k8s.io/apiserver/pkg/apis/cel PerCallLimit: the runtime budget of one evaluation. */
  static final long PER_CALL_LIMIT = 1_000_000;
  /** apiextensions validation.go StaticEstimatedCostLimit. */
  static final long STATIC_ESTIMATED_COST_LIMIT = 10_000_000;
  /** apiextensions validation.go StaticEstimatedCRDCostLimit. */
  static final long STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;

  record RuleCost(String path, String rule, long perCall, long cardinality, long total) {}

  static List<VersionSchema> schemas() {
    return GeneratedCrds.schemas();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemas")
  void everyRuleAndTheWholeCrdStayWithinTheApiserversCostBudgets(VersionSchema crd) {
    List<RuleCost> costs = costs(crd.schema());
    assertThat(costs).as("rules found in %s", crd).hasSizeGreaterThan(crd.virtualMachines() ? 10 : 0);
    long sum = 0;
    System.out.printf("CEL rule costs of %s (per call × cardinality = estimated cost):%n", crd);
    for (RuleCost c : costs) {
      System.out.printf("  %,12d × %,5d = %,12d  %s: %s%n", c.perCall(), c.cardinality(), c.total(), c.path(), c.rule());
      sum = CelSizes.add(sum, c.total());
    }
    System.out.printf("  total %,d (limit %,d)%n", sum, STATIC_ESTIMATED_CRD_COST_LIMIT);
    for (RuleCost c : costs) {
      assertThat(c.total()).as("estimated cost of %s: %s", c.path(), c.rule()).isLessThanOrEqualTo(STATIC_ESTIMATED_COST_LIMIT);
      assertThat(c.perCall()).as("one evaluation of %s: %s", c.path(), c.rule()).isLessThanOrEqualTo(PER_CALL_LIMIT);
    }
    assertThat(sum).as("estimated cost of all rules of %s", crd).isLessThanOrEqualTo(STATIC_ESTIMATED_CRD_COST_LIMIT);
  }

  static List<RuleCost> costs(JsonNode root) {
    List<RuleCost> out = new ArrayList<>();
    for (SchemaWalk.Node node : SchemaWalk.nodes(root)) {
      for (JsonNode v : node.schema().path("x-kubernetes-validations")) {
        String rule = v.path("rule").asText();
        long perCall = CelCostEstimator.maxCost(rule, node.schema());
        out.add(new RuleCost(node.path(), rule, perCall, node.cardinality(),
            CelSizes.multiply(perCall, node.cardinality())));
      }
    }
    return out;
  }
}
