package io.virtnode.node.qemu;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Probes what a QEMU binary can do (-help, then one short-lived {@code -machine none} QEMU asked over QMP),
 * caching the result by binary path + mtime in memory and in a cache directory.
 */
public final class CapabilityProbe {

  private final QmpConnector connector;
  private final CapabilityProbeCache cache;
  private final Path kvmDevice;
  private final Duration timeout;
  private final AtomicInteger spawns = new AtomicInteger();

  /** Probes with /dev/kvm and a 30 s timeout per step, caching JSON files in cacheDir. */
  public CapabilityProbe(QmpConnector connector, Path cacheDir) {
    this(connector, cacheDir, Path.of("/dev/kvm"), Duration.ofSeconds(30));
  }

  public CapabilityProbe(QmpConnector connector, Path cacheDir, Path kvmDevice, Duration timeout) {
    this.connector = connector;
    this.cache = new CapabilityProbeCache(cacheDir);
    this.kvmDevice = kvmDevice;
    this.timeout = timeout;
  }

  /** The binary's capabilities, from the cache when its mtime and size are unchanged. */
  public Capabilities probe(Path binary) throws CapabilityProbeException {
    Path absolute = binary.toAbsolutePath().normalize();
    CapabilityProbeCache.Stamp stamp = stamp(absolute);
    String key = absolute.toString();
    Capabilities cached = cache.get(key, stamp);
    if (cached != null) {
      return cached;
    }
    spawns.incrementAndGet();
    CapabilityProbeSession.Answers answers = new CapabilityProbeSession(absolute, connector, timeout).run();
    Set<QemuCapability> flags = EnumSet.noneOf(QemuCapability.class);
    flags.addAll(CapabilityProbeFlags.flags(answers.help(), answers.commands(), answers.types(),
        answers.cmdlineOptions(), answers.migrateCapabilities()));
    if (kvmUsable()) {
      flags.add(QemuCapability.KVM);
    }
    Capabilities capabilities = new Capabilities(key, CapabilityProbeFlags.version(answers.version()), flags);
    cache.put(key, stamp, capabilities);
    return capabilities;
  }

  /** How many probes actually ran the binary (cache misses), for tests and metrics. */
  public int spawnCount() {
    return spawns.get();
  }

  /** KVM is usable when the device opens read-write; query-kvm says present even without it. */
  private boolean kvmUsable() {
    try (FileChannel ignored = FileChannel.open(kvmDevice, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static CapabilityProbeCache.Stamp stamp(Path binary) throws CapabilityProbeException {
    try {
      BasicFileAttributes attrs = Files.readAttributes(binary, BasicFileAttributes.class);
      if (!attrs.isRegularFile() || !Files.isExecutable(binary)) {
        throw new CapabilityProbeException(binary + " is not an executable file");
      }
      return new CapabilityProbeCache.Stamp(attrs.lastModifiedTime().toMillis(), attrs.size());
    } catch (NoSuchFileException e) {
      throw new CapabilityProbeException("QEMU binary " + binary + " does not exist (Debian package "
          + "qemu-system-x86 provides /usr/bin/qemu-system-x86_64)", e);
    } catch (IOException e) {
      throw new CapabilityProbeException("cannot stat QEMU binary " + binary + ": " + e, e);
    }
  }
}
