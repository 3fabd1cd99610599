package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates {@code x-kubernetes-validations} CEL rules with dev.cel: {@code self} is the value at the
 * rule's schema node, {@code oldSelf} the correlated old value; transition rules (those using oldSelf)
 * run only on update when an old value exists, as in the apiserver.
 */
final class CelRules {
  private static final Cel CEL = CelFactory.standardCelBuilder()
      .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("self", SimpleType.DYN).addVar("oldSelf", SimpleType.DYN).build();
  private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();

  private CelRules() {
  }

  static List<FieldError> validate(JsonNode object, JsonNode old, JsonNode schema, List<String> topLevel) {
    List<FieldError> errors = new ArrayList<>();
    JsonNode properties = schema.path("properties");
    for (String key : topLevel) {
      if (object.has(key) && properties.has(key)) {
        walk(object.get(key), old == null ? null : old.get(key), properties.get(key), key, errors);
      }
    }
    return errors;
  }

  private static void walk(JsonNode value, JsonNode old, JsonNode schema, String path, List<FieldError> errors) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      check(rule, value, old, path, errors);
    }
    if (value.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.get("additionalProperties");
      value.fields().forEachRemaining(f -> {
        JsonNode child = properties.has(f.getKey()) ? properties.get(f.getKey())
            : additional != null && additional.isObject() ? additional : null;
        if (child != null) {
          walk(f.getValue(), old == null ? null : old.get(f.getKey()), child, path + "." + f.getKey(), errors);
        }
      });
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        walk(value.get(i), correlate(value.get(i), old, schema), schema.get("items"), path + "[" + i + "]", errors);
      }
    }
  }

  /** Old list elements correlate only for list-type map (by key), as in the apiserver. */
  private static JsonNode correlate(JsonNode element, JsonNode oldList, JsonNode schema) {
    if (oldList == null || !oldList.isArray() || !"map".equals(schema.path("x-kubernetes-list-type").asText())) {
      return null;
    }
    for (JsonNode candidate : oldList) {
      boolean same = true;
      for (JsonNode key : schema.path("x-kubernetes-list-map-keys")) {
        same &= element.path(key.asText()).equals(candidate.path(key.asText()));
      }
      if (same) {
        return candidate;
      }
    }
    return null;
  }

  private static void check(JsonNode rule, JsonNode value, JsonNode old, String path, List<FieldError> errors) {
    String expression = rule.path("rule").asText();
    boolean transition = expression.contains("oldSelf");
    if (transition && (old == null || old.isMissingNode())) {
      return;
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("self", toCel(value));
    if (transition) {
      vars.put("oldSelf", toCel(old));
    }
    String field = rule.hasNonNull("fieldPath") ? path + rule.get("fieldPath").asText() : path;
    String shown = value.isObject() ? "object" : value.isArray() ? "array" : typeName(value);
    try {
      Object result = program(expression).eval(vars);
      if (!Boolean.TRUE.equals(result)) {
        String message = rule.hasNonNull("message") ? rule.get("message").asText()
            : "failed rule: " + expression;
        errors.add(new FieldError(field, reasonOf(rule), "Invalid value: \"" + shown + "\": " + message));
      }
    } catch (CelEvaluationException | CelValidationException e) {
      errors.add(new FieldError(field, "FieldValueInvalid", "Invalid value: \"" + shown + "\": "
          + "rule evaluation error: " + expression + ": " + e.getMessage()));
    }
  }

  private static String reasonOf(JsonNode rule) {
    return switch (rule.path("reason").asText("FieldValueInvalid")) {
      case "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate" -> rule.get("reason").asText();
      default -> "FieldValueInvalid";
    };
  }

  private static CelRuntime.Program program(String expression) throws CelValidationException, CelEvaluationException {
    CelRuntime.Program cached = PROGRAMS.get(expression);
    if (cached == null) {
      cached = CEL.createProgram(CEL.compile(expression).getAst());
      PROGRAMS.put(expression, cached);
    }
    return cached;
  }

  private static String typeName(JsonNode v) {
    return v.isTextual() ? "string" : v.isIntegralNumber() ? "integer" : v.isNumber() ? "number"
        : v.isBoolean() ? "boolean" : "null";
  }

  /** JSON → CEL values: map, list, string, long, double, boolean, null. */
  static Object toCel(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    if (v.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      v.fields().forEachRemaining(f -> map.put(f.getKey(), toCel(f.getValue())));
      return map;
    }
    if (v.isArray()) {
      List<Object> list = new ArrayList<>();
      v.forEach(e -> list.add(toCel(e)));
      return list;
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    return v.isBoolean() ? (Object) v.asBoolean() : v.asText();
  }
}
