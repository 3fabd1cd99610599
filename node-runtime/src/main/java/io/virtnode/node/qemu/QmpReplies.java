package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Typed replies of {@link Qmp} commands, each parsed from the "return" member QEMU sends. */
public final class QmpReplies {
  private QmpReplies() {}

  /** query-status: status is QEMU's RunState name (prelaunch, running, paused, inmigrate, io-error...). */
  public record StatusInfo(String status, boolean running) {
    static StatusInfo of(JsonNode ret) throws QmpException {
      if (ret == null || !ret.hasNonNull("status")) {
        throw new QmpException("query-status: reply has no status: " + ret);
      }
      return new StatusInfo(ret.get("status").asText(), ret.path("running").asBoolean());
    }
  }

  /** add-fd: the fdset the fd joined and QEMU's own number for it. */
  public record AddFdInfo(int fdsetId, int fd) {
    static AddFdInfo of(JsonNode ret) throws QmpException {
      if (ret == null || !ret.path("fdset-id").canConvertToInt() || !ret.path("fd").canConvertToInt()) {
        throw new QmpException("add-fd: reply has no fdset-id and fd: " + ret);
      }
      return new AddFdInfo(ret.get("fdset-id").asInt(), ret.get("fd").asInt());
    }
  }

  /** One fd of an fdset. */
  public record FdInfo(int fd, String opaque) {}

  /** query-fdsets: one set and its fds. */
  public record Fdset(int fdsetId, List<FdInfo> fds) {
    static List<Fdset> listOf(JsonNode ret) {
      List<Fdset> sets = new ArrayList<>();
      for (JsonNode set : iterable(ret)) {
        List<FdInfo> fds = new ArrayList<>();
        for (JsonNode fd : iterable(set.get("fds"))) {
          fds.add(new FdInfo(fd.path("fd").asInt(), QmpEvents.text(fd, "opaque")));
        }
        sets.add(new Fdset(set.path("fdset-id").asInt(), List.copyOf(fds)));
      }
      return List.copyOf(sets);
    }
  }

  /** One PCI function: bus number, slot, function, qdev id ("" when the device has none), class. */
  public record PciDevice(int bus, int slot, int function, String qdevId, String classDesc) {
    static List<PciDevice> listOf(JsonNode ret) {
      List<PciDevice> all = new ArrayList<>();
      for (JsonNode bus : iterable(ret)) {
        collect(bus.get("devices"), all);
      }
      return List.copyOf(all);
    }

    private static void collect(JsonNode devices, List<PciDevice> out) {
      for (JsonNode d : iterable(devices)) {
        String qdev = QmpEvents.text(d, "qdev_id");
        out.add(new PciDevice(d.path("bus").asInt(), d.path("slot").asInt(), d.path("function").asInt(),
            qdev == null ? "" : qdev, d.path("class_info").path("desc").asText("")));
        collect(d.path("pci_bridge").get("devices"), out);
      }
    }
  }

  /** query-block: one backend; nodeName and file are null when no medium is inserted. */
  public record BlockDevice(String device, String qdev, String nodeName, String file, boolean readOnly) {
    static List<BlockDevice> listOf(JsonNode ret) {
      List<BlockDevice> all = new ArrayList<>();
      for (JsonNode b : iterable(ret)) {
        JsonNode ins = b.get("inserted");
        all.add(new BlockDevice(QmpEvents.text(b, "device"), QmpEvents.text(b, "qdev"),
            ins == null ? null : QmpEvents.text(ins, "node-name"), ins == null ? null : QmpEvents.text(ins, "file"),
            ins != null && ins.path("ro").asBoolean()));
      }
      return List.copyOf(all);
    }
  }

  /** query-named-block-nodes: one node, its driver and file name. */
  public record BlockNode(String nodeName, String driver, String file) {
    static List<BlockNode> listOf(JsonNode ret) {
      List<BlockNode> all = new ArrayList<>();
      for (JsonNode n : iterable(ret)) {
        all.add(new BlockNode(QmpEvents.text(n, "node-name"), QmpEvents.text(n, "drv"), QmpEvents.text(n, "file")));
      }
      return List.copyOf(all);
    }
  }

  private static Iterable<JsonNode> iterable(JsonNode array) {
    return array == null || !array.isArray() ? List.of() : array;
  }
}
