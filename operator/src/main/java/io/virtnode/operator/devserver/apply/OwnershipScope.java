package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Which fields a write through the main resource or a subresource may set and own (kube's reset
 * fields), and the metadata fields nobody owns (kube's stripped fields).
 */
final class OwnershipScope {
  private static final PathElement STATUS = new PathElement.Field("status");
  private static final FieldSet UNOWNED = unowned();

  private final boolean statusIsSubresource;

  OwnershipScope(boolean statusIsSubresource) {
    this.statusIsSubresource = statusIsSubresource;
  }

  private static FieldSet unowned() {
    FieldSet s = new FieldSet();
    s.insert(List.of(new PathElement.Field("apiVersion")));
    s.insert(List.of(new PathElement.Field("kind")));
    s.insert(List.of(new PathElement.Field("metadata")));
    for (String f : List.of("name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName",
        "generation", "managedFields", "resourceVersion")) {
      s.insert(List.of(new PathElement.Field("metadata"), new PathElement.Field(f)));
    }
    return s;
  }

  /** The part of an applied configuration the write may change: only status through "status", all but status otherwise. */
  ObjectNode configuration(ObjectNode applied, String subresource) {
    ObjectNode config = ServerSideApply.withoutManagedFields(applied);
    if (subresource.equals("status")) {
      ObjectNode onlyStatus = JsonValues.JSON.createObjectNode();
      if (config.has("status")) {
        onlyStatus.set("status", config.get("status"));
      }
      return onlyStatus;
    }
    if (!subresource.isEmpty()) {
      throw new IllegalArgumentException("apply to subresource " + subresource + " is not supported");
    }
    if (statusIsSubresource) {
      config.remove("status");
    }
    return config;
  }

  FieldSet owned(FieldSet fields, String subresource) {
    return stripMeta(filterSet(fields, subresource));
  }

  Comparison filter(Comparison c, String subresource) {
    return c.filter(s -> filterSet(s, subresource));
  }

  private FieldSet filterSet(FieldSet s, String subresource) {
    if (subresource.equals("status")) {
      return s.onlyUnder(STATUS);
    }
    if (statusIsSubresource) {
      FieldSet status = new FieldSet();
      status.insertMember(STATUS);
      return s.recursiveDifference(status);
    }
    return s;
  }

  static FieldSet stripMeta(FieldSet s) {
    return s.difference(UNOWNED);
  }
}
