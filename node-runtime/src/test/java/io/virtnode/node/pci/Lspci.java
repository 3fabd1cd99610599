package io.virtnode.node.pci;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test support: what pciutils' lspci reports, for the real sysfs or an emulated one, to check the inventory. */
final class Lspci {
  private Lspci() {}

  /** lspci -Dvmmnk and -Dvmmk merged: address → {ClassId, VendorId, DeviceId, Vendor, Device, Driver...}. */
  static Map<String, Map<String, String>> records(Optional<Path> sysRoot) throws Exception {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (String args : new String[] {"-Dvmmnk", "-Dvmmk"}) {
      boolean numeric = args.contains("n");
      List<String> argv = new ArrayList<>(List.of("lspci"));
      sysRoot.ifPresent(r -> argv.addAll(List.of("-A", "linux-sysfs", "-O", "sysfs.path=" + r.resolve("bus/pci"))));
      argv.add(args);
      for (String block : RealSysfsInventoryTest.run(argv.toArray(String[]::new)).split("\n\n")) {
        Map<String, String> fields = new HashMap<>();
        for (String line : block.split("\n")) {
          int colon = line.indexOf(":\t");
          if (colon > 0) {
            fields.put(line.substring(0, colon), line.substring(colon + 2).trim());
          }
        }
        String slot = fields.get("Slot");
        if (slot == null) {
          continue;
        }
        Map<String, String> r = out.computeIfAbsent(slot, k -> new HashMap<>());
        if (numeric) {
          r.put("ClassId", fields.get("Class"));
          r.put("VendorId", fields.get("Vendor"));
          r.put("DeviceId", fields.get("Device"));
        } else {
          r.put("Vendor", fields.get("Vendor"));
          r.put("Device", fields.get("Device"));
        }
        for (String k : new String[] {"Driver", "IOMMUGroup", "NUMANode"}) {
          if (fields.containsKey(k)) {
            r.put(k, fields.get(k));
          }
        }
      }
    }
    return out;
  }
}
