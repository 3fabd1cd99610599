package io.virtnode.operator.devserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.util.List;

/** The columns kube-apiserver's own table printers show for the built-ins people list most. */
final class BuiltinColumns {
  private static final List<CustomResourceColumnDefinition> EVENTS = List.of(
      column("Last Seen", "date", ".lastTimestamp", "The time at which the most recent occurrence was recorded."),
      column("Type", "string", ".type", "Type of this event (Normal, Warning)."),
      column("Reason", "string", ".reason", "Why the action was taken, in CamelCase."),
      column("Object", "string", ".involvedObject.name", "The object this event is about."),
      column("Message", "string", ".message", "A description of the event."));
  private static final List<CustomResourceColumnDefinition> NAMESPACES = List.of(
      column("Status", "string", ".status.phase", "The current lifecycle phase of the namespace."),
      column("Age", "date", ".metadata.creationTimestamp", "Time since the namespace was created."));

  private BuiltinColumns() {
  }

  static List<CustomResourceColumnDefinition> of(ResourceType type) {
    if (!type.group().isEmpty()) {
      return List.of();
    }
    return switch (type.plural()) {
      case "events" -> EVENTS;
      case "namespaces" -> NAMESPACES;
      default -> List.of();
    };
  }

  /** Events show their name only with -o wide, as in kube; everything else shows it first. */
  static int namePriority(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("events") ? 1 : 0;
  }

  private static CustomResourceColumnDefinition column(String name, String type, String jsonPath, String description) {
    CustomResourceColumnDefinition c = new CustomResourceColumnDefinition();
    c.setName(name);
    c.setType(type);
    c.setJsonPath(jsonPath);
    c.setDescription(description);
    c.setPriority(0);
    return c;
  }
}
