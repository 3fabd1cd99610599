package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.qemu.QmpReplies.AddFdInfo;
import io.virtnode.node.qemu.QmpReplies.BlockDevice;
import io.virtnode.node.qemu.QmpReplies.BlockNode;
import io.virtnode.node.qemu.QmpReplies.Fdset;
import io.virtnode.node.qemu.QmpReplies.PciDevice;
import io.virtnode.node.qemu.QmpReplies.StatusInfo;
import java.util.List;

/** The typed QMP commands the agent uses, each a record naming its arguments and its reply. */
public final class Qmp {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private Qmp() {}

  /** The reply of commands that return an empty object. */
  public enum Done { DONE }

  /** A command with no arguments that returns nothing of interest. */
  private interface Plain extends QmpCommand<Done> {
    @Override default ObjectNode arguments() { return null; }

    @Override default Done parse(JsonNode ret) { return Done.DONE; }
  }

  /** A command with arguments that returns nothing of interest. */
  private interface Action extends QmpCommand<Done> {
    @Override default Done parse(JsonNode ret) { return Done.DONE; }
  }

  /** query-status: run state and whether CPUs run. */
  public record QueryStatus() implements QmpCommand<StatusInfo> {
    @Override public String name() { return "query-status"; }

    @Override public ObjectNode arguments() { return null; }

    @Override public StatusInfo parse(JsonNode ret) throws QmpException { return StatusInfo.of(ret); }
  }

  /** cont: resumes the guest's CPUs. */
  public record Cont() implements Plain {
    @Override public String name() { return "cont"; }
  }

  /** stop: pauses the guest's CPUs. */
  public record Stop() implements Plain {
    @Override public String name() { return "stop"; }
  }

  /** quit: QEMU exits at once. */
  public record Quit() implements Plain {
    @Override public String name() { return "quit"; }
  }

  /** system_powerdown: ACPI power button. */
  public record SystemPowerdown() implements Plain {
    @Override public String name() { return "system_powerdown"; }
  }

  /** device_add: properties carry driver and id (see the device model's hotplug rendering). */
  public record DeviceAdd(ObjectNode properties) implements Action {
    public DeviceAdd {
      if (!properties.hasNonNull("driver") || !properties.hasNonNull("id")) {
        throw new IllegalArgumentException("device_add needs a driver and an id: " + properties);
      }
    }

    @Override public String name() { return "device_add"; }

    @Override public ObjectNode arguments() { return properties.deepCopy(); }

    public String id() { return properties.get("id").asText(); }
  }

  /** device_del: asks the guest to release the device; DEVICE_DELETED tells when it is gone. */
  public record DeviceDel(String id) implements Action {
    @Override public String name() { return "device_del"; }

    @Override public ObjectNode arguments() { return JSON.objectNode().put("id", id); }
  }

  /** blockdev-add: options carry driver and node-name. */
  public record BlockdevAdd(ObjectNode options) implements Action {
    public BlockdevAdd {
      if (!options.hasNonNull("driver") || !options.hasNonNull("node-name")) {
        throw new IllegalArgumentException("blockdev-add needs a driver and a node-name: " + options);
      }
    }

    @Override public String name() { return "blockdev-add"; }

    @Override public ObjectNode arguments() { return options.deepCopy(); }

    public String nodeName() { return options.get("node-name").asText(); }
  }

  /** blockdev-del: removes a node no device or other node uses any more. */
  public record BlockdevDel(String nodeName) implements Action {
    @Override public String name() { return "blockdev-del"; }

    @Override public ObjectNode arguments() { return JSON.objectNode().put("node-name", nodeName); }
  }

  /** getfd: QEMU keeps the fd sent with the command under fdName (for netdev fd=, migrate fd:). */
  public record GetFd(String fdName, int fd) implements Action {
    @Override public String name() { return "getfd"; }

    @Override public int passedFd() { return fd; }

    @Override public ObjectNode arguments() { return JSON.objectNode().put("fdname", fdName); }
  }

  /** closefd: QEMU closes the fd it keeps under fdName. */
  public record CloseFd(String fdName) implements Action {
    @Override public String name() { return "closefd"; }

    @Override public ObjectNode arguments() { return JSON.objectNode().put("fdname", fdName); }
  }

  /** add-fd: the fd sent with the command joins fdset (a new one when null); open it as /dev/fdset/N. */
  public record AddFd(int fd, Integer fdsetId, String opaque) implements QmpCommand<AddFdInfo> {
    @Override public String name() { return "add-fd"; }

    @Override public int passedFd() { return fd; }

    @Override public ObjectNode arguments() {
      ObjectNode args = JSON.objectNode();
      if (fdsetId != null) {
        args.put("fdset-id", fdsetId);
      }
      if (opaque != null) {
        args.put("opaque", opaque);
      }
      return args;
    }

    @Override public AddFdInfo parse(JsonNode ret) throws QmpException { return AddFdInfo.of(ret); }
  }

  /** remove-fd: drops one fd (or, fd null, all) of an fdset; the set goes once nothing uses it. */
  public record RemoveFd(int fdsetId, Integer fd) implements Action {
    @Override public String name() { return "remove-fd"; }

    @Override public ObjectNode arguments() {
      ObjectNode args = JSON.objectNode().put("fdset-id", fdsetId);
      return fd == null ? args : args.put("fd", fd);
    }
  }

  /** query-fdsets. */
  public record QueryFdsets() implements QmpCommand<List<Fdset>> {
    @Override public String name() { return "query-fdsets"; }

    @Override public ObjectNode arguments() { return null; }

    @Override public List<Fdset> parse(JsonNode ret) { return Fdset.listOf(ret); }
  }

  /** query-pci, flattened: every device on every bus, bridges' buses included. */
  public record QueryPci() implements QmpCommand<List<PciDevice>> {
    @Override public String name() { return "query-pci"; }

    @Override public ObjectNode arguments() { return null; }

    @Override public List<PciDevice> parse(JsonNode ret) { return PciDevice.listOf(ret); }
  }

  /** query-block: block backends (one per guest disk device). */
  public record QueryBlock() implements QmpCommand<List<BlockDevice>> {
    @Override public String name() { return "query-block"; }

    @Override public ObjectNode arguments() { return null; }

    @Override public List<BlockDevice> parse(JsonNode ret) { return BlockDevice.listOf(ret); }
  }

  /** query-named-block-nodes (flat): every named node, attached to a device or not. */
  public record QueryNamedBlockNodes() implements QmpCommand<List<BlockNode>> {
    @Override public String name() { return "query-named-block-nodes"; }

    @Override public ObjectNode arguments() { return JSON.objectNode().put("flat", true); }

    @Override public List<BlockNode> parse(JsonNode ret) { return BlockNode.listOf(ret); }
  }

  /** migrate-incoming: a QEMU started with -incoming defer starts listening on uri. */
  public record MigrateIncoming(String uri) implements Action {
    @Override public String name() { return "migrate-incoming"; }

    @Override public ObjectNode arguments() { return JSON.objectNode().put("uri", uri); }
  }

  /** Any other command, untyped: the reply is the raw "return" member. */
  public record Raw(String name, ObjectNode arguments) implements QmpCommand<JsonNode> {
    @Override public JsonNode parse(JsonNode ret) { return ret; }
  }
}
