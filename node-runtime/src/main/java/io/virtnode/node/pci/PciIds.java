package io.virtnode.node.pci;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pci.ids database (vendor, device and class names), parsed from the file Debian's pci.ids/hwdata ship.
 * Absent database: every name is empty and ids are shown alone, as lspci does.
 */
public final class PciIds {
  /** Where Debian (pci.ids, pulled in by pciutils) and hwdata put the database. */
  public static final List<Path> DEFAULT_LOCATIONS =
      List.of(Path.of("/usr/share/misc/pci.ids"), Path.of("/usr/share/hwdata/pci.ids"));

  private final Map<Integer, String> vendors;
  private final Map<Long, String> devices;
  private final Map<Integer, String> classes;

  private PciIds(Map<Integer, String> vendors, Map<Long, String> devices, Map<Integer, String> classes) {
    this.vendors = vendors;
    this.devices = devices;
    this.classes = classes;
  }

  /** No database: names are all empty. */
  public static PciIds empty() { return new PciIds(Map.of(), Map.of(), Map.of()); }

  private static volatile PciIds system;

  /** The first database found at the default locations, or {@link #empty()}; parsed once per process. */
  public static PciIds system() {
    PciIds ids = system;
    if (ids == null) {
      ids = empty();
      for (Path p : DEFAULT_LOCATIONS) {
        if (Files.isReadable(p)) {
          ids = load(p);
          break;
        }
      }
      system = ids;
    }
    return ids;
  }

  /** Parses one pci.ids file; a missing file is an empty database, an unreadable one an error. */
  public static PciIds load(Path file) {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(in);
    } catch (NoSuchFileException e) {
      return empty();
    } catch (IOException e) {
      throw new UncheckedIOException("read pci.ids " + file, e);
    }
  }

  static PciIds parse(BufferedReader in) throws IOException {
    Map<Integer, String> vendors = new HashMap<>();
    Map<Long, String> devices = new HashMap<>();
    Map<Integer, String> classes = new HashMap<>();
    int vendor = -1;
    int classCode = -1; // class section: "C 02  Network controller", "\t00  Ethernet controller", "\t\t00  prog-if"
    int subclass = -1;
    String line;
    while ((line = in.readLine()) != null) {
      if (line.isEmpty() || line.charAt(0) == '#') {
        continue;
      }
      if (line.startsWith("C ")) {
        classCode = hex(line, 2, 2);
        subclass = -1;
        vendor = -1;
        if (classCode >= 0) {
          classes.put(classCode << 16 | 0xffff, name(line, 4));
        }
      } else if (line.charAt(0) != '\t') {
        vendor = hex(line, 0, 4);
        classCode = -1;
        if (vendor >= 0) {
          vendors.put(vendor, name(line, 4));
        }
      } else if (line.startsWith("\t\t")) {
        int progIf = hex(line, 2, 2);
        if (classCode >= 0 && subclass >= 0 && progIf >= 0) {
          classes.put(classCode << 16 | subclass << 8 | progIf, name(line, 4));
        } // subsystem lines of a vendor's device are not needed
      } else if (vendor >= 0) {
        int device = hex(line, 1, 4);
        if (device >= 0) {
          devices.put((long) vendor << 16 | device, name(line, 5));
        }
      } else if (classCode >= 0) {
        subclass = hex(line, 1, 2);
        if (subclass >= 0) {
          classes.put(classCode << 16 | subclass << 8 | 0xff, name(line, 3));
        }
      }
    }
    return new PciIds(Map.copyOf(vendors), Map.copyOf(devices), Map.copyOf(classes));
  }

  public Optional<String> vendorName(int vendorId) {
    return Optional.ofNullable(vendors.get(vendorId));
  }

  public Optional<String> deviceName(int vendorId, int deviceId) {
    return Optional.ofNullable(devices.get((long) vendorId << 16 | deviceId));
  }

  /** The most specific name of a 24-bit class code: subclass (e.g. "Ethernet controller"), else the class. */
  public Optional<String> className(int classCode) {
    String sub = classes.get(classCode & 0xffff00 | 0xff);
    return Optional.ofNullable(sub != null ? sub : classes.get(classCode & 0xff0000 | 0xffff));
  }

  /** Number of vendors known; 0 for an absent database. */
  public int vendorCount() { return vendors.size(); }

  private static int hex(String line, int from, int digits) {
    if (line.length() < from + digits) {
      return -1;
    }
    try {
      return Integer.parseInt(line.substring(from, from + digits), 16);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String name(String line, int from) {
    return line.length() > from ? line.substring(from).trim() : "";
  }
}
