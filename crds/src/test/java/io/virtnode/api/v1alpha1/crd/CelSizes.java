package io.virtnode.api.v1alpha1.crd;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Saturating cost arithmetic and the apiserver's size estimate of schema data (k8s.io/apiserver/pkg/cel/common
 * SchemaDeclType: a string's MaxElements is 4 bytes per maxLength rune, a list's its maxItems, a map's its
 * maxProperties; unbounded data is bounded only by the 3 MiB request size).
 */
public final class CelSizes {
  /** k8s.io/apiserver/pkg/apis/cel MaxRequestSizeBytes. */
  public static final long MAX_REQUEST_SIZE_BYTES = 3L * 1024 * 1024;
  /** k8s.io/apiserver/pkg/cel limits.go. */
  public static final long MAX_DURATION_SIZE_JSON = 32;
  public static final long MAX_DATETIME_SIZE_JSON = 32;
  public static final long JSON_DATE_SIZE = 12;
  /** cel-go common/cost.go. */
  public static final double STRING_TRAVERSAL_COST_FACTOR = 0.1;
  public static final double REGEX_STRING_LENGTH_COST_FACTOR = 0.25;
  public static final long LIST_CREATE_BASE_COST = 10;
  public static final long MAP_CREATE_BASE_COST = 30;
  /** Unknown size or cost (cel-go's math.MaxUint64; here the largest long, saturating). */
  public static final long UNKNOWN = Long.MAX_VALUE;

  private CelSizes() {}

  public static long add(long a, long b) {
    return a > UNKNOWN - b ? UNKNOWN : a + b;
  }

  public static long multiply(long a, long b) {
    if (a == 0 || b == 0) return 0;
    return a > UNKNOWN / b ? UNKNOWN : a * b;
  }

  /** ceil(x * factor), as cel-go's multiplyByCostFactor. */
  public static long byFactor(long x, double factor) {
    if (x == UNKNOWN) return UNKNOWN;
    double product = Math.ceil(x * factor);
    return product >= UNKNOWN ? UNKNOWN : (long) product;
  }

  /** The apiserver's DeclType.MaxElements of data conforming to this schema node. */
  public static long maxElements(JsonNode schema) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return schema.has("maxLength") ? schema.get("maxLength").asLong() * 4 : MAX_REQUEST_SIZE_BYTES - 2;
    }
    switch (schema.path("type").asText("")) {
      case "array":
        return schema.has("maxItems") ? schema.get("maxItems").asLong() : (MAX_REQUEST_SIZE_BYTES - 2) / 2;
      case "object":
        if (schema.path("additionalProperties").isObject()) {
          return schema.has("maxProperties") ? schema.get("maxProperties").asLong()
              : (MAX_REQUEST_SIZE_BYTES - 2) / 7;
        }
        return 0;
      case "string":
        return stringMaxElements(schema);
      default:
        return 0;
    }
  }

  private static long stringMaxElements(JsonNode schema) {
    switch (schema.path("format").asText("")) {
      case "byte":
        return schema.has("maxLength") ? schema.get("maxLength").asLong() : MAX_REQUEST_SIZE_BYTES - 2;
      case "duration":
        return MAX_DURATION_SIZE_JSON;
      case "date":
        return JSON_DATE_SIZE;
      case "date-time":
        return MAX_DATETIME_SIZE_JSON;
      default:
        break;
    }
    if (schema.has("maxLength")) return schema.get("maxLength").asLong() * 4;
    if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
      long longest = 0;
      for (JsonNode v : schema.get("enum")) {
        if (v.isTextual()) longest = Math.max(longest, v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
      }
      return longest;
    }
    return MAX_REQUEST_SIZE_BYTES - 2;
  }
}
