package io.virtnode.operator.devserver.apply;

import io.virtnode.operator.devserver.apply.ManagedFields.Entry;
import io.virtnode.operator.devserver.apply.ManagedFields.ManagerId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps at most ten Update entries, as kube-apiserver does: the oldest are merged, per apiVersion,
 * into one entry of manager "ancient-changes".
 */
final class UpdateManagerCap {
  static final int MAX_UPDATE_MANAGERS = 10;
  static final String ANCIENT_CHANGES = "ancient-changes";

  private UpdateManagerCap() {
  }

  static void cap(Map<ManagerId, Entry> managers) {
    List<ManagerId> updaters = managers.keySet().stream()
        .filter(id -> id.operation().equals(ManagedFields.UPDATE))
        .sorted(Comparator.comparingLong((ManagerId id) -> seconds(managers.get(id)))
            .thenComparing(ManagerId::manager).thenComparing(ManagerId::apiVersion)
            .thenComparing(ManagerId::subresource))
        .toList();
    int length = updaters.size();
    Map<String, ManagerId> firstByVersion = new HashMap<>();
    for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
      ManagerId id = updaters.get(i);
      Entry entry = managers.get(id);
      String version = entry.apiVersion();
      ManagerId bucket = ManagerId.updater(ANCIENT_CHANGES, version, "");
      ManagerId first = firstByVersion.get(version);
      if (first == null || id.equals(bucket)) {
        firstByVersion.putIfAbsent(version, id);
        continue;
      }
      if (!managers.containsKey(bucket)) {
        Entry f = managers.remove(first);
        managers.put(bucket, new Entry(bucket, f.apiVersion(), f.fields(), f.time()));
      }
      Entry b = managers.get(bucket);
      managers.put(bucket, new Entry(bucket, version, entry.fields().union(b.fields()), entry.time()));
      managers.remove(id);
      length--;
    }
  }

  private static long seconds(Entry e) {
    return e.time() == null ? 0 : e.time().getEpochSecond();
  }
}
