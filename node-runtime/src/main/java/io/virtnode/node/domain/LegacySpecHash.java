package io.virtnode.node.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The spec hash runtime records of the previous format hold: SHA-256 (first 12 bytes, hex) of the text the
 * records' toString gave before pcieRootPorts existed, with startPaused false. Frozen here, written out
 * field by field, so that it keeps its value whatever fields the records gain.
 */
public final class LegacySpecHash {
  /** DomainSpec fields that did not exist when these hashes were written. */
  public static final Set<String> FIELDS_ADDED_SINCE = Set.of("pcieRootPorts");

  private LegacySpecHash() {}

  public static String of(DomainSpec s) {
    String text = "DomainSpec[name=" + s.name() + ", uuid=" + s.uuid() + ", cpus=" + s.cpus() + ", memoryMiB="
        + s.memoryMiB() + ", machine=" + s.machine() + ", disks=" + list(s.disks(), LegacySpecHash::disk)
        + ", scsiControllers=" + list(s.scsiControllers(), c -> "ScsiControllerSpec[model=" + c.model() + "]")
        + ", serials=" + list(s.serials(), LegacySpecHash::charDevice)
        + ", consoles=" + list(s.consoles(), LegacySpecHash::charDevice)
        + ", parallels=" + list(s.parallels(), LegacySpecHash::charDevice)
        + ", channels=" + list(s.channels(), c -> "ChannelSpec[name=" + c.name() + ", port=" + c.port()
            + ", backend=" + backend(c.backend()) + "]")
        + ", vnc=" + (s.vnc() == null ? "null" : "VncSpec[unixSocket=" + s.vnc().unixSocket() + "]")
        + ", startPaused=false]";
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String disk(DiskSpec d) {
    return "DiskSpec[name=" + d.name() + ", path=" + d.path() + ", block=" + d.block() + ", format=" + d.format()
        + ", bus=" + d.bus() + ", readOnly=" + d.readOnly() + "]";
  }

  private static String charDevice(CharDeviceSpec c) {
    return "CharDeviceSpec[name=" + c.name() + ", backend=" + backend(c.backend()) + "]";
  }

  private static String backend(CharBackendSpec b) {
    return b == null ? "null"
        : "CharBackendSpec[kind=" + b.kind() + ", path=" + b.path() + ", server=" + b.server() + "]";
  }

  private static <T> String list(List<T> items, Function<T, String> render) {
    return items.stream().map(render).collect(Collectors.joining(", ", "[", "]"));
  }
}
