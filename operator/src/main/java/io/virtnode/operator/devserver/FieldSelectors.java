package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Field selectors limited to the labels the apiserver supports for each resource: metadata.name and
 * metadata.namespace everywhere, plus the involvedObject.* family for core Events and a few others.
 * Anything else is refused with 400 BadRequest "field label not supported", as kube does.
 */
final class FieldSelectors {
  private static final Set<String> METADATA = Set.of("metadata.name", "metadata.namespace");
  /** Extra labels per "group/plural"; each maps to the object's field path. */
  private static final Map<String, Map<String, String>> EXTRA = Map.of(
      "core/events", Map.ofEntries(
          Map.entry("involvedObject.kind", "involvedObject.kind"),
          Map.entry("involvedObject.namespace", "involvedObject.namespace"),
          Map.entry("involvedObject.name", "involvedObject.name"),
          Map.entry("involvedObject.uid", "involvedObject.uid"),
          Map.entry("involvedObject.apiVersion", "involvedObject.apiVersion"),
          Map.entry("involvedObject.resourceVersion", "involvedObject.resourceVersion"),
          Map.entry("involvedObject.fieldPath", "involvedObject.fieldPath"),
          Map.entry("reason", "reason"), Map.entry("reportingComponent", "reportingComponent"),
          Map.entry("source", "source.component"), Map.entry("type", "type")),
      "events.k8s.io/events", Map.ofEntries(
          Map.entry("regarding.kind", "regarding.kind"), Map.entry("regarding.namespace", "regarding.namespace"),
          Map.entry("regarding.name", "regarding.name"), Map.entry("regarding.uid", "regarding.uid"),
          Map.entry("regarding.apiVersion", "regarding.apiVersion"),
          Map.entry("regarding.resourceVersion", "regarding.resourceVersion"),
          Map.entry("regarding.fieldPath", "regarding.fieldPath"), Map.entry("reason", "reason"),
          Map.entry("reportingController", "reportingController"), Map.entry("type", "type")),
      "core/pods", Map.of("spec.nodeName", "spec.nodeName", "status.phase", "status.phase",
          "spec.serviceAccountName", "spec.serviceAccountName"),
      "core/nodes", Map.of("spec.unschedulable", "spec.unschedulable"),
      "core/namespaces", Map.of("status.phase", "status.phase"),
      "core/secrets", Map.of("type", "type"));

  private FieldSelectors() {
  }

  static Predicate<JsonNode> parse(ResourceType type, String selector) {
    Predicate<JsonNode> all = o -> true;
    if (selector == null || selector.isBlank()) {
      return all;
    }
    Map<String, String> extra = EXTRA.getOrDefault(type.keyPrefix().replaceAll("/$", ""), Map.of());
    for (String requirement : selector.split(",")) {
      boolean negate = requirement.contains("!=");
      String[] kv = requirement.split(negate ? "!=" : "==?", 2);
      String label = kv[0].trim();
      if (kv.length < 2) {
        throw Responses.badRequest("invalid selector: '" + selector + "'; can't understand '" + requirement + "'");
      }
      String field = METADATA.contains(label) ? label : extra.get(label);
      if (field == null) {
        throw Responses.badRequest("field label not supported: " + label);
      }
      String expected = kv[1].trim();
      Predicate<JsonNode> p = o -> expected.equals(value(o, field));
      all = all.and(negate ? p.negate() : p);
    }
    return all;
  }

  private static String value(JsonNode o, String field) {
    JsonNode node = o;
    for (String part : List.of(field.split("\\."))) {
      node = node.path(part);
    }
    return node.isMissingNode() || node.isNull() ? "" : node.asText();
  }
}
