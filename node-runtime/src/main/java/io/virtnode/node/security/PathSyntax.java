package io.virtnode.node.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Lexical rules for user paths, applied before anything touches the filesystem. */
final class PathSyntax {
  /** PATH_MAX counts the terminating NUL. */
  static final int PATH_MAX = 4096;
  static final int NAME_MAX = 255;
  /** Kernel pseudo filesystems and device nodes: never a VM's disk, image or socket, whatever the roots say. */
  static final Set<String> SYSTEM_TOP_DIRS = Set.of("proc", "sys", "dev");

  private PathSyntax() {}

  /** Components of an absolute, clean path; throws naming the first rule it breaks. */
  static List<String> absoluteComponents(String path) throws PathRefusedException {
    if (path == null || path.isEmpty()) {
      throw new PathRefusedException("EmptyPath", path, "no path given; give an absolute path under an "
          + "allowed storage root");
    }
    checkCharacters(path);
    if (!path.startsWith("/")) {
      throw new PathRefusedException("NotAbsolute", path, "relative paths are resolved against nothing the"
          + " user controls; give an absolute path under an allowed storage root");
    }
    List<String> components = components(path, path.substring(1));
    if (!components.isEmpty() && SYSTEM_TOP_DIRS.contains(components.get(0))) {
      throw new PathRefusedException("SystemPath", path, "paths under /" + components.get(0)
          + " are host kernel or device files and are never given to a VM; use an image under a storage root");
    }
    return components;
  }

  /** Components of a relative, clean path (for openBeneath). */
  static List<String> relativeComponents(String path) throws PathRefusedException {
    if (path == null || path.isEmpty()) {
      throw new PathRefusedException("EmptyPath", path, "no path beneath the root given");
    }
    checkCharacters(path);
    if (path.startsWith("/")) {
      throw new PathRefusedException("NotRelative", path, "openBeneath takes a path relative to its root");
    }
    return components(path, path);
  }

  private static void checkCharacters(String path) throws PathRefusedException {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new PathRefusedException("ControlCharacter", path, String.format("control character U+%04X at "
            + "offset %d (NUL, newline and the like end or split QEMU options and log lines); rename the file",
            (int) c, i));
      }
    }
    int bytes = path.getBytes(StandardCharsets.UTF_8).length;
    if (bytes >= PATH_MAX) {
      throw new PathRefusedException("PathTooLong", path, bytes + " bytes, PATH_MAX allows " + (PATH_MAX - 1)
          + "; use a shorter path");
    }
  }

  private static List<String> components(String path, String body) throws PathRefusedException {
    List<String> out = new ArrayList<>();
    for (String c : body.split("/", -1)) {
      if (c.isEmpty()) {
        if (body.isEmpty()) {
          break; // "/" itself
        }
        throw new PathRefusedException("EmptyComponent", path, "empty component (\"//\" or a trailing \"/\");"
            + " write the path in its canonical form");
      }
      if (c.equals(".") || c.equals("..")) {
        throw new PathRefusedException("DotComponent", path, "\"" + c + "\" components are refused, they can "
            + "climb out of a storage root; write the path in its canonical form");
      }
      int bytes = c.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > NAME_MAX) {
        throw new PathRefusedException("NameTooLong", path, "a component is " + bytes + " bytes, NAME_MAX "
            + "allows " + NAME_MAX + "; use a shorter name");
      }
      out.add(c);
    }
    return out;
  }
}
