package io.virtnode.node.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * This host's UUID (802.1Qbh's host UUID): an override if configured, else SMBIOS product_uuid unless it is one
 * of the placeholder values firmware ships, else /etc/machine-id formatted as a UUID.
 */
public final class HostIdentity {
  /** Placeholder SMBIOS UUIDs seen in the field (besides any UUID made of one repeated digit). */
  static final Set<String> BOGUS = Set.of(
      "03000200-0400-0500-0006-000700080009",
      "00020003-0004-0005-0006-000700080009",
      "12345678-1234-5678-90ab-cddeefaabbcc");

  /** Where the UUID came from. */
  public enum Source { OVERRIDE, SMBIOS, MACHINE_ID }

  /** The UUID and its source. */
  public record Identity(UUID uuid, Source source) {}

  private final Path root;

  /** Reads files under root ("/" in production, a temp dir in tests). */
  public HostIdentity(Path root) { this.root = root; }

  /** The host UUID; fails naming both places when neither gives a usable one. */
  public Identity resolve(Optional<String> override) throws IOException {
    if (override.isPresent() && !override.get().isBlank()) {
      UUID u = parse(override.get().strip()).orElseThrow(() -> new IllegalArgumentException("host UUID override '"
          + override.get() + "' is not a UUID like 6f1c2a7e-0000-4000-8000-000000000001"));
      if (isBogus(u)) {
        throw new IllegalArgumentException("host UUID override " + u + " is a placeholder value; set a unique one");
      }
      return new Identity(u, Source.OVERRIDE);
    }
    Path smbios = root.resolve("sys/class/dmi/id/product_uuid");
    Optional<UUID> fromSmbios = read(smbios).flatMap(HostIdentity::parse).filter(u -> !isBogus(u));
    if (fromSmbios.isPresent()) {
      return new Identity(fromSmbios.get(), Source.SMBIOS);
    }
    Path machineId = root.resolve("etc/machine-id");
    Optional<String> id = read(machineId).map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> s.matches("[0-9a-f]{32}"));
    Optional<UUID> fromMachineId = id.map(s -> UUID.fromString(s.substring(0, 8) + "-" + s.substring(8, 12) + "-"
        + s.substring(12, 16) + "-" + s.substring(16, 20) + "-" + s.substring(20))).filter(u -> !isBogus(u));
    if (fromMachineId.isPresent()) {
      return new Identity(fromMachineId.get(), Source.MACHINE_ID);
    }
    throw new IOException("no usable host UUID: " + smbios + " is missing or a placeholder and " + machineId
        + " is missing or not 32 hex digits; set the host UUID in the agent settings");
  }

  /** True for a placeholder: one repeated hex digit (all zeros, all Fs, …) or a known firmware default. */
  public static boolean isBogus(UUID u) {
    String text = u.toString();
    String digits = text.replace("-", "");
    return digits.chars().distinct().count() == 1 || BOGUS.contains(text);
  }

  private static Optional<UUID> parse(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    if (!t.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
      return Optional.empty();
    }
    return Optional.of(UUID.fromString(t));
  }

  private static Optional<String> read(Path p) throws IOException {
    try {
      return Optional.of(Files.readString(p, StandardCharsets.US_ASCII).strip());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (java.nio.file.AccessDeniedException e) {
      return Optional.empty(); // product_uuid is root-only: an unprivileged agent falls back to machine-id
    }
  }
}
