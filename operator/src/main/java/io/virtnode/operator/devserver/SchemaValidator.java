package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * OpenAPI v3 validation of a (pruned, defaulted) custom resource, with the apiserver's wording:
 * type, enum, pattern, required, minimum/maximum, min/maxItems, min/maxLength, maxProperties. Patterns are
 * matched with RE2 (re2j), as kube-apiserver does with Go's regexp: a pattern RE2 refuses (Perl-only syntax, a
 * repeat count above 1000) makes the CRD invalid, so every write of its kind is refused, naming the pattern.
 */
final class SchemaValidator {
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
  private static final Map<String, String> REFUSED = new ConcurrentHashMap<>();

  private SchemaValidator() {
  }

  static List<FieldError> validate(JsonNode object, JsonNode schema, List<String> topLevel) {
    List<FieldError> errors = new ArrayList<>();
    refusedPatterns(schema, "spec.validation.openAPIV3Schema", errors);
    if (!errors.isEmpty()) {
      return errors;
    }
    JsonNode properties = schema.path("properties");
    for (String key : topLevel) {
      if (object.has(key) && properties.has(key)) {
        validate(object.get(key), properties.get(key), key, errors);
      }
    }
    return errors;
  }

  private static void validate(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    if (value.isNull() && schema.path("nullable").asBoolean(false)) {
      return;
    }
    String type = schema.path("type").asText("");
    if (!type.isEmpty() && !hasType(value, type)) {
      Object shown = value.isValueNode() ? scalar(value) : (value.isArray() ? "array" : "object");
      errors.add(FieldError.invalid(path, shown, path + " in body must be of type " + type + ": \""
          + typeName(value) + "\""));
      return;
    }
    if (schema.has("enum") && !contains(schema.get("enum"), value)) {
      String supported = StreamSupport.stream(schema.get("enum").spliterator(), false)
          .map(e -> FieldError.render(scalar(e))).collect(Collectors.joining(", "));
      errors.add(FieldError.notSupported(path, scalar(value), supported));
    }
    if (value.isTextual()) {
      validateString(value.asText(), schema, path, errors);
    } else if (value.isNumber()) {
      validateNumber(value, schema, path, errors);
    } else if (value.isArray()) {
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asLong()) {
        errors.add(FieldError.tooMany(path, value.size(), schema.get("maxItems").asLong()));
      }
      if (schema.has("minItems") && value.size() < schema.get("minItems").asLong()) {
        errors.add(FieldError.invalid(path, value.size(),
            path + " in body should have at least " + schema.get("minItems").asLong() + " items"));
      }
      if (schema.has("items")) {
        for (int i = 0; i < value.size(); i++) {
          validate(value.get(i), schema.get("items"), path + "[" + i + "]", errors);
        }
      }
    } else if (value.isObject()) {
      validateObject(value, schema, path, errors);
    }
  }

  private static void validateObject(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        errors.add(FieldError.required(path + "." + required.asText()));
      }
    }
    if (schema.has("maxProperties") && value.size() > schema.get("maxProperties").asLong()) {
      errors.add(FieldError.tooMany(path, value.size(), schema.get("maxProperties").asLong()));
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.get("additionalProperties");
    value.fields().forEachRemaining(f -> {
      if (properties.has(f.getKey())) {
        validate(f.getValue(), properties.get(f.getKey()), path + "." + f.getKey(), errors);
      } else if (additional != null && additional.isObject()) {
        validate(f.getValue(), additional, path + "." + f.getKey(), errors);
      }
    });
  }

  private static void validateString(String s, JsonNode schema, String path, List<FieldError> errors) {
    if (schema.has("pattern")) {
      String regex = schema.get("pattern").asText();
      if (!PATTERNS.computeIfAbsent(regex, Pattern::compile).matcher(s).find()) {
        errors.add(FieldError.invalid(path, s, path + " in body should match '" + regex + "'"));
      }
    }
    long length = s.codePointCount(0, s.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asLong()) {
      errors.add(FieldError.tooLong(path, schema.get("maxLength").asLong()));
    }
    if (schema.has("minLength") && length < schema.get("minLength").asLong()) {
      errors.add(FieldError.invalid(path, s,
          path + " in body should be at least " + schema.get("minLength").asLong() + " chars long"));
    }
  }

  /** Every pattern of the schema that RE2 refuses, as an error on the CRD field that holds it. */
  static void refusedPatterns(JsonNode schema, String path, List<FieldError> errors) {
    if (!schema.isObject()) {
      return;
    }
    if (schema.path("pattern").isTextual()) {
      String regex = schema.get("pattern").asText();
      String refusal = refusal(regex);
      if (refusal != null) {
        errors.add(FieldError.invalid(path + ".pattern", regex,
            "the CustomResourceDefinition's pattern is not RE2 syntax a real apiserver accepts (" + refusal
                + "); fix the CRD"));
      }
    }
    schema.path("properties").fields()
        .forEachRemaining(p -> refusedPatterns(p.getValue(), path + ".properties[" + p.getKey() + "]", errors));
    refusedPatterns(schema.path("items"), path + ".items", errors);
    refusedPatterns(schema.path("additionalProperties"), path + ".additionalProperties", errors);
  }

  /** Why RE2 refuses the pattern, or null when it compiles. */
  private static String refusal(String regex) {
    if (PATTERNS.containsKey(regex)) {
      return null;
    }
    String cached = REFUSED.get(regex);
    if (cached != null) {
      return cached;
    }
    try {
      PATTERNS.put(regex, Pattern.compile(regex));
      return null;
    } catch (PatternSyntaxException e) {
      REFUSED.put(regex, e.getMessage());
      return e.getMessage();
    }
  }

  private static void validateNumber(JsonNode value, JsonNode schema, String path, List<FieldError> errors) {
    double d = value.asDouble();
    if (schema.has("minimum") && d < schema.get("minimum").asDouble()) {
      errors.add(FieldError.invalid(path, scalar(value),
          path + " in body should be greater than or equal to " + number(schema.get("minimum"))));
    }
    if (schema.has("maximum") && d > schema.get("maximum").asDouble()) {
      errors.add(FieldError.invalid(path, scalar(value),
          path + " in body should be less than or equal to " + number(schema.get("maximum"))));
    }
  }

  private static boolean hasType(JsonNode v, String type) {
    return switch (type) {
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()));
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      default -> true;
    };
  }

  private static String typeName(JsonNode v) {
    if (v.isTextual()) {
      return "string";
    }
    if (v.isIntegralNumber()) {
      return "integer";
    }
    if (v.isNumber()) {
      return "number";
    }
    if (v.isBoolean()) {
      return "boolean";
    }
    return v.isArray() ? "array" : v.isNull() ? "null" : "object";
  }

  private static boolean contains(JsonNode values, JsonNode value) {
    for (JsonNode v : values) {
      if (v.equals(value)) {
        return true;
      }
    }
    return false;
  }

  static Object scalar(JsonNode v) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    return v.isNumber() ? number(v) : v.toString();
  }

  private static String number(JsonNode v) {
    double d = v.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
