package io.virtnode.api.v1alpha1.crd;

import static io.virtnode.api.v1alpha1.crd.CelSizes.add;
import static io.virtnode.api.v1alpha1.crd.CelSizes.byFactor;
import static io.virtnode.api.v1alpha1.crd.CelSizes.multiply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.parser.CelParser;
import dev.cel.parser.CelParserFactory;
import dev.cel.parser.CelStandardMacro;
import io.virtnode.api.v1alpha1.crd.CelValue.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The static cost of one x-kubernetes-validations rule, estimated the way apiextensions-apiserver does: cel-go's
 * checker cost model (checker/cost.go) over the rule's parsed AST, with sizes from the schema as
 * apiextensions' sizeEstimator gives them (maxLength × 4 bytes, maxItems, maxProperties, the longest enum value).
 * Where this estimator cannot be exact it rounds up; a function it has no model for is an error, never a guess.
 */
public final class CelCostEstimator {
  private static final CelParser PARSER = CelParserFactory.standardCelParserBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS).build();

  private final JsonNode self;
  private final Map<String, CelValue> scope = new HashMap<>();

  private CelCostEstimator(JsonNode self) {
    this.self = self;
  }

  /** The estimated maximum cost of one evaluation of {@code rule} on data of schema {@code self}. */
  public static long maxCost(String rule, JsonNode self) {
    CelExpr expr;
    try {
      expr = PARSER.parse(rule).getAst().getExpr();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException("rule does not parse: " + rule + ": " + e.getMessage(), e);
    }
    return new CelCostEstimator(self).cost(expr).cost();
  }

  private CelValue cost(CelExpr e) {
    return switch (e.getKind()) {
      case CONSTANT -> constant(e.constant());
      case IDENT -> ident(e.ident().name());
      case SELECT -> select(e.select());
      case CALL -> call(e.call());
      case LIST -> list(e.list().elements());
      case MAP -> {
        long sum = CelSizes.MAP_CREATE_BASE_COST;
        for (var entry : e.map().entries()) sum = add(sum, add(cost(entry.key()).cost(), cost(entry.value()).cost()));
        yield new CelValue(sum, e.map().entries().size(), Type.MAP, null);
      }
      case COMPREHENSION -> comprehension(e.comprehension());
      default -> throw new IllegalArgumentException("no cost model for expression kind " + e.getKind());
    };
  }

  private static CelValue constant(CelConstant c) {
    return switch (c.getKind()) {
      case STRING_VALUE -> new CelValue(0, c.stringValue().codePointCount(0, c.stringValue().length()), Type.STRING, null);
      case BYTES_VALUE -> new CelValue(0, c.bytesValue().size(), Type.BYTES, null);
      case BOOLEAN_VALUE -> new CelValue(0, 1, Type.BOOL, null);
      case INT64_VALUE -> new CelValue(0, 1, Type.INT, null);
      case UINT64_VALUE -> new CelValue(0, 1, Type.UINT, null);
      case DOUBLE_VALUE -> new CelValue(0, 1, Type.DOUBLE, null);
      case NULL_VALUE -> new CelValue(0, 1, Type.NULL, null);
      default -> throw new IllegalArgumentException("no cost model for constant " + c.getKind());
    };
  }

  private CelValue ident(String name) {
    CelValue bound = scope.get(name);
    if (bound != null) return bound.withCost(1);
    if (name.equals("self") || name.equals("oldSelf")) return CelValue.read(1, self);
    throw new IllegalArgumentException("unknown identifier " + name);
  }

  private CelValue select(CelExpr.CelSelect s) {
    CelValue operand = cost(s.operand());
    // has(): kube's base environment sets PresenceTestHasCost(false), so only the operand costs.
    if (s.testOnly()) return new CelValue(operand.cost(), 1, Type.BOOL, null);
    long cost = operand.type() == Type.OBJECT || operand.type() == Type.MAP ? add(operand.cost(), 1) : operand.cost();
    if (operand.schema() == null) throw new IllegalArgumentException("select ." + s.field() + " on a computed value");
    if (operand.type() == Type.MAP) {
      // The apiserver's size estimator finds no field of a map: the value is sized by its type alone.
      JsonNode values = operand.schema().get("additionalProperties");
      return new CelValue(cost, CelValue.typeOf(values).typeSize(), CelValue.typeOf(values), values);
    }
    JsonNode field = operand.schema().path("properties").get(s.field());
    if (field == null) throw new IllegalArgumentException("no property " + s.field() + " in the schema");
    return CelValue.read(cost, field);
  }

  private CelValue list(List<CelExpr> elements) {
    long sum = CelSizes.LIST_CREATE_BASE_COST;
    for (CelExpr el : elements) sum = add(sum, cost(el).cost());
    return new CelValue(sum, elements.size(), Type.LIST, null);
  }

  private CelValue call(CelExpr.CelCall call) {
    CelValue target = call.target().isPresent() ? cost(call.target().get()) : null;
    List<CelValue> args = new ArrayList<>();
    for (CelExpr a : call.args()) args.add(cost(a));
    long argSum = 0;
    for (CelValue a : args) argSum = add(argSum, a.cost());
    long base = target == null ? argSum : add(argSum, target.cost());
    String fn = call.function();
    return switch (fn) {
      case "_&&_", "_||_" -> CelValue.computed(base, Type.BOOL);
      case "_?_:_" -> new CelValue(add(args.get(0).cost(), Math.max(args.get(1).cost(), args.get(2).cost())),
          Math.max(args.get(1).size(), args.get(2).size()), args.get(1).type(), null);
      case "_==_", "_!=_" -> CelValue.computed(add(base, traversal(args.get(0), args.get(1))), Type.BOOL);
      case "_<_", "_<=_", "_>_", "_>=_" -> CelValue.computed(add(base,
          args.get(0).type() == Type.STRING || args.get(0).type() == Type.BYTES
              ? traversal(args.get(0), args.get(1)) : 1), Type.BOOL);
      case "!_", "@not_strictly_false", "__not_strictly_false__" -> CelValue.computed(add(base, 1), Type.BOOL);
      case "-_", "_-_", "_*_", "_/_", "_%_" -> CelValue.computed(add(base, 1), args.get(0).type());
      case "_+_" -> plus(base, args.get(0), args.get(1));
      case "size" -> CelValue.computed(add(base, 1), Type.INT);
      case "@in" -> CelValue.computed(add(base, args.get(1).size()), Type.BOOL);
      case "_[_]" -> index(base, args.get(0));
      case "matches" -> requireTarget(fn, target, CelValue.computed(add(base, multiply(
          byFactor(add(target == null ? 0 : target.size(), 1), CelSizes.STRING_TRAVERSAL_COST_FACTOR),
          byFactor(args.get(0).size(), CelSizes.REGEX_STRING_LENGTH_COST_FACTOR))), Type.BOOL));
      case "contains" -> requireTarget(fn, target, CelValue.computed(add(base, multiply(
          byFactor(target == null ? 0 : target.size(), CelSizes.STRING_TRAVERSAL_COST_FACTOR),
          byFactor(args.get(0).size(), CelSizes.STRING_TRAVERSAL_COST_FACTOR))), Type.BOOL));
      case "startsWith", "endsWith" -> requireTarget(fn, target, CelValue.computed(
          add(base, byFactor(args.get(0).size(), CelSizes.STRING_TRAVERSAL_COST_FACTOR)), Type.BOOL));
      case "int" -> CelValue.computed(add(base, 1), Type.INT);
      case "double" -> CelValue.computed(add(base, 1), Type.DOUBLE);
      default -> throw new IllegalArgumentException("no cost model for function " + fn);
    };
  }

  private static CelValue requireTarget(String fn, CelValue target, CelValue value) {
    if (target == null) throw new IllegalArgumentException("no cost model for the global form of " + fn);
    return value;
  }

  /** Equality and string ordering: O(n) in the shorter operand, ceil(n × 0.1). */
  private static long traversal(CelValue lhs, CelValue rhs) {
    return byFactor(Math.min(lhs.size(), rhs.size()), CelSizes.STRING_TRAVERSAL_COST_FACTOR);
  }

  private static CelValue plus(long base, CelValue lhs, CelValue rhs) {
    long size = add(lhs.size(), rhs.size());
    return switch (lhs.type()) {
      case STRING, BYTES -> new CelValue(add(base, byFactor(size, CelSizes.STRING_TRAVERSAL_COST_FACTOR)), size,
          lhs.type(), null);
      case LIST -> new CelValue(add(base, 1), size, Type.LIST, null);
      default -> CelValue.computed(add(base, 1), lhs.type());
    };
  }

  private static CelValue index(long base, CelValue container) {
    JsonNode element = container.schema() == null ? null
        : container.type() == Type.LIST ? container.schema().get("items")
        : container.schema().get("additionalProperties");
    if (element == null) throw new IllegalArgumentException("index into a value without an element schema");
    return CelValue.read(add(base, 1), element);
  }

  private CelValue comprehension(CelExpr.CelComprehension c) {
    CelValue range = cost(c.iterRange());
    CelValue init = cost(c.accuInit());
    long rangeCount = range.size();
    CelValue element = switch (range.type()) {
      case LIST -> {
        if (range.schema() == null) throw new IllegalArgumentException("comprehension over a computed list");
        yield CelValue.read(1, range.schema().get("items"));
      }
      // kube sizes map keys by the key type's MaxElements, which is 0 for the plain string key type.
      case MAP -> new CelValue(1, 0, Type.STRING, null);
      default -> throw new IllegalArgumentException("comprehension over " + range.type());
    };
    CelValue accu = init.type() == Type.LIST || init.type() == Type.MAP
        ? new CelValue(1, rangeCount, init.type(), null) : CelValue.computed(1, init.type());
    CelValue shadowedIter = scope.put(c.iterVar(), element);
    CelValue shadowedAccu = scope.put(c.accuVar(), accu);
    long loop = cost(c.loopCondition()).cost();
    long step = cost(c.loopStep()).cost();
    scope.remove(c.iterVar());
    if (shadowedIter != null) scope.put(c.iterVar(), shadowedIter);
    CelValue result = cost(c.result());
    scope.remove(c.accuVar());
    if (shadowedAccu != null) scope.put(c.accuVar(), shadowedAccu);
    long sum = add(add(add(range.cost(), init.cost()), result.cost()), multiply(rangeCount, add(step, loop)));
    long size = init.type() == Type.LIST || init.type() == Type.MAP ? rangeCount : init.size();
    return new CelValue(sum, size, result.type(), null);
  }
}
