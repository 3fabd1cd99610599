package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Status the apiserver's own controllers would set: namespaces Active, CRDs Established. */
final class BuiltinStatus {
  private BuiltinStatus() {
  }

  static void fill(ResourceType type, ObjectNode object, Instant now) {
    if (type == ResourceTypes.NAMESPACES) {
      object.with("status").put("phase", "Active");
    } else if (type == ResourceTypes.CRDS) {
      ObjectNode status = object.with("status");
      status.set("acceptedNames", object.path("spec").path("names").deepCopy());
      ArrayNode conditions = status.putArray("conditions");
      for (String condition : new String[] {"NamesAccepted", "Established"}) {
        conditions.addObject().put("type", condition).put("status", "True")
            .put("lastTransitionTime", ObjectMetaRules.timestamp(now))
            .put("reason", condition.equals("Established") ? "InitialNamesAccepted" : "NoConflicts")
            .put("message", condition.equals("Established") ? "the initial names have been accepted"
                : "no conflicts found");
      }
      status.putArray("storedVersions").add(object.path("spec").path("versions").path(0).path("name").asText());
    }
  }
}
