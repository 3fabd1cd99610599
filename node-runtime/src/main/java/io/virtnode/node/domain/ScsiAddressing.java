package io.virtnode.node.domain;

import io.virtnode.node.domain.ScsiControllerSpec.Model;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SCSI (controller, unit) assignment: narrow buses have units 0-6, wide buses 0-15 without 7 (the
 * initiator's). Declared controllers come first (scsi0, scsi1, ...); virtio-scsi controllers are added
 * when the disks need more room. A disk keeps its previous address when it is still valid and free.
 */
final class ScsiAddressing {
  /** The model given to controllers that are added automatically. */
  static final Model AUTO_MODEL = Model.VIRTIO_SCSI;

  /** One controller on the command line. */
  record Controller(int index, Model model, boolean automatic) {
    String id() { return "scsi" + index; }
  }

  /** A disk's place: controller index and unit (scsi-id). */
  record Unit(int controller, int unit) {}

  /** The controllers to create and each disk's unit. */
  record Result(List<Controller> controllers, Map<String, Unit> units) {}

  private ScsiAddressing() {}

  /** True when unit is usable on a bus of the given model. */
  static boolean validUnit(Model model, int unit) {
    return unit >= 0 && unit < model.units() && !(model.wide() && unit == 7);
  }

  static Result assign(List<ScsiControllerSpec> declared, List<String> diskIds, AddressBook previous) {
    List<Controller> controllers = new ArrayList<>();
    for (ScsiControllerSpec spec : declared) {
      controllers.add(new Controller(controllers.size(), spec.model(), false));
    }
    Set<Unit> used = new HashSet<>();
    Map<String, Unit> kept = new LinkedHashMap<>();
    int maxController = declared.size() + diskIds.size();
    for (String id : diskIds) {
      int[] prev = Addresses.parseScsi(previous.get(id));
      if (prev == null || prev[0] >= maxController) {
        continue;
      }
      Model model = prev[0] < declared.size() ? declared.get(prev[0]).model() : AUTO_MODEL;
      Unit unit = new Unit(prev[0], prev[1]);
      if (validUnit(model, prev[1]) && used.add(unit)) {
        kept.put(id, unit);
      }
    }
    for (Unit unit : kept.values()) {
      while (controllers.size() <= unit.controller()) {
        controllers.add(new Controller(controllers.size(), AUTO_MODEL, true));
      }
    }
    Map<String, Unit> units = new LinkedHashMap<>();
    for (String id : diskIds) {
      Unit unit = kept.get(id);
      if (unit == null) {
        unit = firstFree(controllers, used);
        if (unit == null) {
          controllers.add(new Controller(controllers.size(), AUTO_MODEL, true));
          unit = firstFree(controllers, used);
        }
        used.add(unit);
      }
      units.put(id, unit);
    }
    return new Result(List.copyOf(controllers), units);
  }

  private static Unit firstFree(List<Controller> controllers, Set<Unit> used) {
    for (Controller c : controllers) {
      for (int u = 0; u < c.model().units(); u++) {
        Unit candidate = new Unit(c.index(), u);
        if (validUnit(c.model(), u) && !used.contains(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }
}
