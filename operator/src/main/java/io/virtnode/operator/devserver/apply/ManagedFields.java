package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes metadata.managedFields: one entry per manager identity, sorted as kube sorts them. */
final class ManagedFields {
  static final String APPLY = "Apply";
  static final String UPDATE = "Update";

  /** Who owns a set: appliers by name and subresource, updaters also by apiVersion ("" for appliers). */
  record ManagerId(String manager, String operation, String apiVersion, String subresource) {
    static ManagerId applier(String manager, String subresource) {
      return new ManagerId(manager, APPLY, "", subresource);
    }

    static ManagerId updater(String manager, String apiVersion, String subresource) {
      return new ManagerId(manager, UPDATE, apiVersion, subresource);
    }

    /** How kube names the manager in a conflict: {@code "mgr" with subresource "status" using v1}. */
    String printed() {
      String s = JsonValues.toJson(JsonValues.JSON.getNodeFactory().textNode(manager));
      if (!subresource.isEmpty()) {
        s += " with subresource " + JsonValues.toJson(JsonValues.JSON.getNodeFactory().textNode(subresource));
      }
      return operation.equals(UPDATE) ? s + " using " + apiVersion : s;
    }
  }

  /** One manager's fields, the apiVersion they were written at, and when it last changed them. */
  record Entry(ManagerId id, String apiVersion, FieldSet fields, Instant time) {
    Entry withFields(FieldSet f) {
      return new Entry(id, apiVersion, f, time);
    }
  }

  private ManagedFields() {
  }

  /** The entries of an object's managedFields; entries kube would refuse (bad operation, fieldsType, apiVersion) are skipped. */
  static Map<ManagerId, Entry> decode(JsonNode managedFields) {
    Map<ManagerId, Entry> out = new LinkedHashMap<>();
    if (managedFields == null || !managedFields.isArray()) {
      return out;
    }
    for (JsonNode e : managedFields) {
      String op = e.path("operation").asText("");
      String apiVersion = e.path("apiVersion").asText("");
      if (!op.equals(APPLY) && !op.equals(UPDATE) || apiVersion.isEmpty()
          || !"FieldsV1".equals(e.path("fieldsType").asText(""))) {
        continue;
      }
      String manager = e.path("manager").asText("");
      String sub = e.path("subresource").asText("");
      ManagerId id = op.equals(APPLY) ? ManagerId.applier(manager, sub) : ManagerId.updater(manager, apiVersion, sub);
      FieldSet fields;
      try {
        fields = FieldsV1.decode(e.get("fieldsV1"));
      } catch (IllegalArgumentException bad) {
        continue;
      }
      out.put(id, new Entry(id, apiVersion, fields, parseTime(e.path("time").asText(null))));
    }
    return out;
  }

  private static Instant parseTime(String time) {
    if (time == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(time).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** kube's order: operation, time (seconds), manager, apiVersion, subresource; empty sets omitted. */
  static ArrayNode encode(Iterable<Entry> entries) {
    List<Entry> sorted = new java.util.ArrayList<>();
    entries.forEach(e -> {
      if (!e.fields().isEmpty()) {
        sorted.add(e);
      }
    });
    sorted.sort(Comparator.comparing((Entry e) -> e.id().operation())
        .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
        .thenComparing(e -> e.id().manager())
        .thenComparing(Entry::apiVersion)
        .thenComparing(e -> e.id().subresource()));
    ArrayNode out = JsonValues.JSON.createArrayNode();
    for (Entry e : sorted) {
      ObjectNode o = out.addObject();
      o.put("manager", e.id().manager());
      o.put("operation", e.id().operation());
      o.put("apiVersion", e.apiVersion());
      if (e.time() != null) {
        o.put("time", e.time().truncatedTo(ChronoUnit.SECONDS).toString());
      }
      o.put("fieldsType", "FieldsV1");
      o.set("fieldsV1", FieldsV1.encode(e.fields()));
      if (!e.id().subresource().isEmpty()) {
        o.put("subresource", e.id().subresource());
      }
    }
    return out;
  }
}
