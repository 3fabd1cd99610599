package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.operator.devserver.apply.ManagedFields.Entry;
import io.virtnode.operator.devserver.apply.ManagedFields.ManagerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server-side apply and managedFields bookkeeping, as kube-apiserver's structured-merge-diff does
 * it. Pure: takes objects, returns objects; the caller persists. Invalid input (a list item without
 * its key, duplicate keys in an applied list, managedFields in an applied configuration, no
 * manager) raises IllegalArgumentException with kube's wording, for a 400/422.
 */
public final class ServerSideApply {
  private final SchemaTypes types;
  private final OwnershipScope scope;

  /** For a resource whose status is a subresource (the common case, and every virtnode CRD). */
  public ServerSideApply(ListSemantics lists) {
    this(lists, true);
  }

  /** statusIsSubresource false: status is an ordinary field, written and owned through the main resource. */
  public ServerSideApply(ListSemantics lists, boolean statusIsSubresource) {
    this.types = (SchemaTypes) lists;
    this.scope = new OwnershipScope(statusIsSubresource);
  }

  /**
   * Applies manager's configuration. live is null on create. subresource is "" or "status". Returns
   * the new object with metadata.managedFields updated (operation Apply). Throws on conflicts unless
   * force. When nothing changes, the result equals live apart from managedFields.
   */
  public ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force, String subresource,
      Instant now) throws ApplyConflictException {
    requireManager(manager);
    JsonNode sentFields = applied.path("metadata").get("managedFields");
    if (sentFields != null && !sentFields.isNull() && !(sentFields.isArray() && sentFields.isEmpty())) {
      throw new IllegalArgumentException("metadata.managedFields must be nil");
    }
    String sub = subresource == null ? "" : subresource;
    ObjectNode liveObj = live == null ? JsonValues.JSON.createObjectNode() : withoutManagedFields(live);
    Map<ManagerId, Entry> managers = live == null ? new LinkedHashMap<>()
        : ManagedFields.decode(live.path("metadata").get("managedFields"));
    ObjectNode config = scope.configuration(applied, sub);
    String apiVersion = apiVersion(applied, live);

    ObjectNode merged = (ObjectNode) ObjectMerge.merge(liveObj, config, types.root());
    FieldSet applying = scope.owned(FieldSetOf.value(config, types.root()), sub);
    ManagerId id = ManagerId.applier(manager, sub);
    Entry last = managers.get(id);
    managers.put(id, new Entry(id, apiVersion, applying, last == null ? null : last.time()));
    if (last != null && !last.fields().isEmpty()) {
      merged = prune(merged, last.fields(), managers);
    }
    Comparison changes = scope.filter(Comparison.of(liveObj, merged, types.root()), sub);
    takeOver(managers, id, changes, force);

    boolean unchanged = live != null && JsonValues.equal(liveObj, merged);
    Entry mine = managers.get(id);
    if (mine != null && (!unchanged || mine.time() == null)) {
      managers.put(id, new Entry(id, apiVersion, mine.fields(), now));
    }
    ObjectNode result = unchanged ? liveObj : merged;
    return withManagedFields(result, managers);
  }

  /**
   * Records a non-apply write (create/update/patch, operation Update) by manager: the fields it
   * changed become its own and are taken from other managers. before is null on create. Managed
   * fields sent in after are honoured as kube does: absent or [] keeps before's, [{}] resets them,
   * for a subresource before's always count. Beyond ten Update entries the oldest merge into
   * "ancient-changes", as in kube.
   */
  public ObjectNode recordUpdate(ObjectNode before, ObjectNode after, String manager, String subresource,
      Instant now) {
    requireManager(manager);
    String sub = subresource == null ? "" : subresource;
    ObjectNode beforeObj = before == null ? JsonValues.JSON.createObjectNode() : withoutManagedFields(before);
    ObjectNode afterObj = withoutManagedFields(after);
    Map<ManagerId, Entry> managers = managersFor(before, after, sub);
    ManagerId id = ManagerId.updater(manager, apiVersion(after, before), sub);

    Comparison changes = scope.filter(Comparison.of(beforeObj, afterObj, types.root()), sub);
    FieldSet changed = OwnershipScope.stripMeta(changes.changed());
    Entry previous = managers.remove(id);
    managers.replaceAll((k, e) -> e.withFields(e.fields().difference(changes.changed()).difference(changes.removed())));
    FieldSet own = previous == null ? new FieldSet() : previous.fields().difference(changes.removed());
    own = OwnershipScope.stripMeta(own.union(changed));
    Instant time = !changed.isEmpty() || previous == null ? now : previous.time();
    managers.put(id, new Entry(id, id.apiVersion(), own, time));
    managers.values().removeIf(e -> OwnershipScope.stripMeta(e.fields()).isEmpty());
    UpdateManagerCap.cap(managers);
    return withManagedFields(afterObj, managers);
  }

  private Map<ManagerId, Entry> managersFor(ObjectNode before, ObjectNode after, String sub) {
    JsonNode beforeFields = before == null ? null : before.path("metadata").get("managedFields");
    JsonNode sent = after.path("metadata").get("managedFields");
    if (!sub.isEmpty() || sent == null || sent.isNull()) {
      return ManagedFields.decode(beforeFields);
    }
    if (sent.isArray() && sent.size() == 1 && sent.get(0).isEmpty()) {
      return new LinkedHashMap<>();
    }
    Map<ManagerId, Entry> decoded = ManagedFields.decode(sent);
    return decoded.isEmpty() ? ManagedFields.decode(beforeFields) : decoded;
  }

  /** Removes what the applier owned last time and no longer sends, unless some manager owns it. */
  private ObjectNode prune(ObjectNode merged, FieldSet last, Map<ManagerId, Entry> managers) {
    FieldSet owned = new FieldSet();
    for (Entry e : managers.values()) {
      owned = owned.union(e.fields());
    }
    FieldSet toRemove = FieldSetOf.withNamedFieldsAsMembers(last, types.root())
        .difference(FieldSetOf.withNamedFieldsAsMembers(owned, types.root()));
    JsonNode pruned = ItemRemoval.remove(merged, toRemove, types.root());
    return pruned == null ? JsonValues.JSON.createObjectNode() : (ObjectNode) pruned;
  }

  /** Other managers lose the fields the applier changed (or conflict) and the fields that are gone. */
  private static void takeOver(Map<ManagerId, Entry> managers, ManagerId applier, Comparison changes, boolean force)
      throws ApplyConflictException {
    FieldSet changed = changes.changed();
    List<Conflict> conflicts = new ArrayList<>();
    List<String> printed = new ArrayList<>();
    managers.entrySet().stream()
        .filter(e -> !e.getKey().equals(applier))
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(ManagerId::manager)
            .thenComparing(ManagerId::operation).thenComparing(ManagerId::apiVersion)
            .thenComparing(ManagerId::subresource)))
        .forEach(e -> e.getValue().fields().intersection(changed).forEachPath(p -> {
          conflicts.add(new Conflict(e.getKey().manager(), PathElement.display(p)));
          printed.add(e.getKey().printed());
        }));
    if (!force && !conflicts.isEmpty()) {
      throw new ApplyConflictException(conflicts, printed);
    }
    managers.replaceAll((k, e) -> k.equals(applier) ? e
        : e.withFields(e.fields().difference(changed).difference(changes.removed())));
  }

  private static ObjectNode withManagedFields(ObjectNode object, Map<ManagerId, Entry> managers) {
    ObjectNode out = object.deepCopy();
    ObjectNode metadata = out.with("metadata");
    List<Entry> kept = new ArrayList<>();
    managers.values().forEach(e -> {
      Entry stripped = e.withFields(OwnershipScope.stripMeta(e.fields()));
      if (!stripped.fields().isEmpty()) {
        kept.add(stripped);
      }
    });
    if (kept.isEmpty()) {
      metadata.remove("managedFields");
    } else {
      metadata.set("managedFields", ManagedFields.encode(kept));
    }
    return out;
  }

  static ObjectNode withoutManagedFields(ObjectNode object) {
    ObjectNode copy = object.deepCopy();
    if (copy.get("metadata") instanceof ObjectNode metadata) {
      metadata.remove("managedFields");
    }
    return copy;
  }

  private static String apiVersion(ObjectNode primary, ObjectNode fallback) {
    String v = primary.path("apiVersion").asText("");
    return v.isEmpty() && fallback != null ? fallback.path("apiVersion").asText("") : v;
  }

  private static void requireManager(String manager) {
    if (manager == null || manager.isEmpty()) {
      throw new IllegalArgumentException("fieldManager must be set");
    }
  }
}
