package io.virtnode.node.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** One device-cgroup rule: type, major, minor (or wildcard), access bits; prints as cgroup v1 writes it. */
public record DeviceRule(Type type, int major, int minor, int access) {
  /** Wildcard major or minor ("*"). */
  public static final int ANY = -1;
  /** Access bits, numbered as the kernel's BPF device context numbers them. */
  public static final int MKNOD = 1;
  public static final int READ = 2;
  public static final int WRITE = 4;
  public static final int RWM = MKNOD | READ | WRITE;

  private static final int S_IFMT = 0170000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFCHR = 0020000;

  /** Device type: block, char, or all (which implies any major/minor). */
  public enum Type {
    BLOCK('b'), CHAR('c'), ALL('a');

    private final char letter;

    Type(char letter) { this.letter = letter; }

    public char letter() { return letter; }

    static Type of(char letter) {
      for (Type t : values()) {
        if (t.letter == letter) {
          return t;
        }
      }
      throw new IllegalArgumentException("device type must be b, c or a: " + letter);
    }
  }

  public DeviceRule {
    if (type == null) {
      throw new IllegalArgumentException("device type is required");
    }
    if (major < ANY || minor < ANY || major > 0xfff || minor > 0xfffff) {
      throw new IllegalArgumentException("major/minor out of range: " + major + ":" + minor);
    }
    if (type == Type.ALL && (major != ANY || minor != ANY)) {
      throw new IllegalArgumentException("type 'a' takes no major/minor: " + major + ":" + minor);
    }
    if (access == 0 || (access & ~RWM) != 0) {
      throw new IllegalArgumentException("access must be a non-empty subset of rwm: " + access);
    }
  }

  public static DeviceRule block(int major, int minor, String access) {
    return new DeviceRule(Type.BLOCK, major, minor, parseAccess(access));
  }

  public static DeviceRule chr(int major, int minor, String access) {
    return new DeviceRule(Type.CHAR, major, minor, parseAccess(access));
  }

  /** Every device, every access: "a *:* rwm". */
  public static DeviceRule all() { return new DeviceRule(Type.ALL, ANY, ANY, RWM); }

  /** Parses the cgroup v1 form, e.g. "c 136:* rw", "a *:* rwm", or "a". */
  public static DeviceRule parse(String text) {
    String s = text.strip();
    if (s.equals("a")) {
      return all();
    }
    String[] parts = s.split("\\s+");
    String[] numbers = parts.length == 3 ? parts[1].split(":") : new String[0];
    if (parts.length != 3 || parts[0].length() != 1 || numbers.length != 2) {
      throw new IllegalArgumentException("not a device rule (want 'c MAJ:MIN rwm'): " + text);
    }
    return new DeviceRule(Type.of(parts[0].charAt(0)), number(numbers[0], text), number(numbers[1], text),
        parseAccess(parts[2]));
  }

  /**
   * The rule for a device node, stat'ed (symlinks followed); empty for anything that is not a block or
   * char device (plain files need no entry). A missing path is an error naming it.
   */
  public static Optional<DeviceRule> forPath(Path path, String access) throws IOException {
    int mode;
    long rdev;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode");
      rdev = (Long) Files.getAttribute(path, "unix:rdev");
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(path.toString(), null, "device ACL: cannot stat device path");
    }
    Type type = switch (mode & S_IFMT) {
      case S_IFBLK -> Type.BLOCK;
      case S_IFCHR -> Type.CHAR;
      default -> null;
    };
    if (type == null) {
      return Optional.empty();
    }
    return Optional.of(new DeviceRule(type, major(rdev), minor(rdev), parseAccess(access)));
  }

  /** Linux dev_t major (glibc's gnu_dev_major). */
  static int major(long dev) { return (int) (((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL)); }

  /** Linux dev_t minor (glibc's gnu_dev_minor). */
  static int minor(long dev) { return (int) ((dev & 0xff) | ((dev >>> 12) & ~0xffL)); }

  /** True when this rule names the same devices (type, major, minor) as {@code other}. */
  public boolean sameDevices(DeviceRule other) {
    return type == other.type && major == other.major && minor == other.minor;
  }

  public DeviceRule withAccess(int newAccess) { return new DeviceRule(type, major, minor, newAccess); }

  public String accessString() {
    return ((access & READ) != 0 ? "r" : "") + ((access & WRITE) != 0 ? "w" : "")
        + ((access & MKNOD) != 0 ? "m" : "");
  }

  @Override
  public String toString() {
    return type.letter + " " + (major == ANY ? "*" : major) + ":" + (minor == ANY ? "*" : minor) + " "
        + accessString();
  }

  static int parseAccess(String access) {
    int bits = 0;
    for (char c : access.toCharArray()) {
      bits |= switch (c) {
        case 'r' -> READ;
        case 'w' -> WRITE;
        case 'm' -> MKNOD;
        default -> throw new IllegalArgumentException("access must use r, w, m: " + access);
      };
    }
    return bits;
  }

  private static int number(String s, String text) {
    if (s.equals("*")) {
      return ANY;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad major/minor in device rule: " + text, e);
    }
  }
}
