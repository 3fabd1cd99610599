package io.virtnode.api.v1alpha1.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.ast.CelExpr;
import dev.cel.parser.CelParserFactory;
import dev.cel.parser.CelStandardMacro;
import io.virtnode.api.v1alpha1.Bounds;
import io.virtnode.api.v1alpha1.crd.GeneratedCrds.VersionSchema;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every regular expression of the CRDs (schema patterns and the regexes of CEL matches()) is RE2 that Go's
 * regexp accepts: kube-apiserver compiles them with it. re2j has the same syntax and limits (repeat counts
 * up to 1000, no backreferences or lookaround).
 */
@Tag("api")
class CrdPatternsTest {
  static List<VersionSchema> schemas() {
    return GeneratedCrds.schemas();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("schemas")
  void everyPatternAndRuleRegexCompilesWithRe2(VersionSchema crd) throws Exception {
    int checked = 0;
    for (SchemaWalk.Node node : SchemaWalk.nodes(crd.schema())) {
      List<String> regexes = new ArrayList<>();
      if (node.schema().has("pattern")) regexes.add(node.schema().get("pattern").asText());
      for (var v : node.schema().path("x-kubernetes-validations")) regexes.addAll(matchesLiterals(v.path("rule").asText()));
      for (String regex : regexes) {
        assertThatCode(() -> Pattern.compile(regex)).as("%s of %s", regex, node.path()).doesNotThrowAnyException();
        checked++;
      }
    }
    assertThat(checked).as("regexes in %s", crd).isGreaterThan(crd.virtualMachines() ? 10 : 0);
  }

  @Test void re2RefusesARepeatCountAboveAThousandThatJavaAccepts() {
    String old = "^/[^\\x00-\\x1f\\x7f]{0,4094}$";
    assertThatCode(() -> java.util.regex.Pattern.compile(old)).doesNotThrowAnyException();
    assertThatThrownBy(() -> Pattern.compile(old)).isInstanceOf(PatternSyntaxException.class)
        .hasMessageContaining("repeat");
  }

  @Test void theApisPatternsAcceptWhatTheyShouldAndNothingElse() {
    assertThat(Pattern.compile(Bounds.PATH_PATTERN).matcher("/var/lib/virtnode/disk 1.img").find()).isTrue();
    assertThat(Pattern.compile(Bounds.PATH_PATTERN).matcher("var/lib").find()).isFalse();
    assertThat(Pattern.compile(Bounds.PATH_PATTERN).matcher("/var/\nlib").find()).isFalse();
    assertThat(Pattern.compile(Bounds.DNS_LABEL_PATTERN).matcher("root-1").find()).isTrue();
    assertThat(Pattern.compile(Bounds.DNS_LABEL_PATTERN).matcher("-root").find()).isFalse();
    assertThat(Pattern.compile(Bounds.DNS_SUBDOMAIN_PATTERN).matcher("node-1.example").find()).isTrue();
    assertThat(Pattern.compile(Bounds.CONDITION_TYPE_PATTERN).matcher("Ready").find()).isTrue();
    assertThat(Pattern.compile(Bounds.CONDITION_TYPE_PATTERN).matcher("virtnode.io/StorageWarning").find()).isTrue();
    assertThat(Pattern.compile(Bounds.CONDITION_TYPE_PATTERN).matcher("not ok").find()).isFalse();
    assertThat(Pattern.compile(Bounds.CONDITION_REASON_PATTERN).matcher("QemuExited").find()).isTrue();
    assertThat(Pattern.compile(Bounds.CONDITION_REASON_PATTERN).matcher("Qemu exited").find()).isFalse();
    assertThat(Pattern.compile(Bounds.SIZE_PATTERN).matcher("64Mi").find()).isTrue();
    assertThat(Pattern.compile(Bounds.SIZE_PATTERN).matcher("064Mi").find()).isFalse();
  }

  /** The constant regexes passed to matches() in a CEL rule. */
  private static List<String> matchesLiterals(String rule) throws Exception {
    CelExpr expr = CelParserFactory.standardCelParserBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .build().parse(rule).getAst().getExpr();
    List<String> out = new ArrayList<>();
    collect(expr, out);
    return out;
  }

  private static void collect(CelExpr e, List<String> out) {
    switch (e.getKind()) {
      case CALL -> {
        var call = e.call();
        if (call.function().equals("matches")) {
          CelExpr regex = call.args().get(call.args().size() - 1);
          assertThat(regex.getKind()).as("matches() takes a constant regex in %s", e).isEqualTo(CelExpr.ExprKind.Kind.CONSTANT);
          out.add(regex.constant().stringValue());
        }
        call.target().ifPresent(t -> collect(t, out));
        call.args().forEach(a -> collect(a, out));
      }
      case SELECT -> collect(e.select().operand(), out);
      case LIST -> e.list().elements().forEach(x -> collect(x, out));
      case COMPREHENSION -> {
        var c = e.comprehension();
        for (CelExpr x : List.of(c.iterRange(), c.accuInit(), c.loopCondition(), c.loopStep(), c.result())) collect(x, out);
      }
      default -> { }
    }
  }
}
