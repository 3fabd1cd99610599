package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An apply that would change fields other managers own; kube answers it with 409, reason Conflict. */
public final class ApplyConflictException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Conflict> conflicts;
  private final transient List<String> causeMessages;

  ApplyConflictException(List<Conflict> conflicts, List<String> printedManagers) {
    super(message(conflicts, printedManagers));
    this.conflicts = List.copyOf(conflicts);
    this.causeMessages = printedManagers.stream().map(m -> "conflict with " + m).toList();
  }

  /** The conflicting fields, sorted by manager, then path. */
  public List<Conflict> conflicts() {
    return conflicts;
  }

  /**
   * One message per conflict, in the order of {@link #conflicts()}, as kube puts it in the status
   * cause of type FieldManagerConflict: {@code conflict with "mgr" using v1}.
   */
  public List<String> causeMessages() {
    return causeMessages;
  }

  /**
   * kube's message: {@code Apply failed with 1 conflict: conflict with "mgr": .spec.x}, or for more
   * {@code Apply failed with 2 conflicts: conflicts with "mgr":\n- .spec.x\n- .spec.y}.
   */
  @Override
  public String getMessage() {
    return super.getMessage();
  }

  /**
   * The body kube-apiserver answers with: a v1 Status, code 409, reason Conflict, one cause of
   * reason FieldManagerConflict per field.
   */
  public ObjectNode status() {
    ObjectNode status = JsonValues.JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("message", getMessage());
    status.put("reason", "Conflict");
    ArrayNode causes = status.putObject("details").putArray("causes");
    for (int i = 0; i < conflicts.size(); i++) {
      ObjectNode cause = causes.addObject();
      cause.put("reason", "FieldManagerConflict");
      cause.put("message", causeMessages.get(i));
      cause.put("field", conflicts.get(i).field());
    }
    status.put("code", 409);
    return status;
  }

  private static String message(List<Conflict> conflicts, List<String> printed) {
    if (conflicts.size() == 1) {
      return "Apply failed with 1 conflict: conflict with " + printed.get(0) + ": " + conflicts.get(0).field();
    }
    Map<String, List<String>> byManager = new LinkedHashMap<>();
    for (int i = 0; i < conflicts.size(); i++) {
      byManager.computeIfAbsent(printed.get(i), k -> new ArrayList<>()).add(conflicts.get(i).field());
    }
    List<String> lines = new ArrayList<>();
    byManager.forEach((manager, fields) -> {
      lines.add("conflicts with " + manager + ":");
      fields.forEach(f -> lines.add("- " + f));
    });
    return "Apply failed with " + conflicts.size() + " conflicts: " + String.join("\n", lines);
  }
}
