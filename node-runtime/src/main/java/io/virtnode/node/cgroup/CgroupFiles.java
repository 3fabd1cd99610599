package io.virtnode.node.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/** Small helpers shared by both managers: VM id checks, control-file writes that name the file. */
final class CgroupFiles {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private CgroupFiles() {}

  /** A VM id or parent path segment must be one plain directory name (no '/', no '..', no dot files). */
  static String checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " must match " + NAME + ": " + name);
    }
    return name;
  }

  /** A parent such as "virtnode" or "machine/virtnode": each segment checked. */
  static String checkParent(String parent) {
    for (String segment : parent.split("/", -1)) {
      checkName("cgroup parent segment", segment);
    }
    return parent;
  }

  /** Writes one value with a single write(2), as the kernel expects; the error names the file. */
  static void write(Path file, String value) throws IOException {
    try {
      Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE);
    } catch (FileSystemException e) {
      throw new IOException("write '" + value + "' to " + file + ": " + reason(e), e);
    }
  }

  static String read(Path file) throws IOException {
    try {
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (FileSystemException e) {
      throw new IOException("read " + file + ": " + reason(e), e);
    }
  }

  /** mkdir -p; the error names the directory. */
  static void mkdirs(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
    } catch (FileSystemException e) {
      throw new IOException("mkdir " + dir + ": " + reason(e), e);
    }
  }

  /** rmdir; true when removed, false when already gone; busy (still has processes) is an error. */
  static boolean rmdir(Path dir) throws IOException {
    try {
      Files.delete(dir);
      return true;
    } catch (NoSuchFileException e) {
      return false;
    } catch (FileSystemException e) {
      throw new IOException("rmdir " + dir + ": " + reason(e)
          + " (a cgroup is removed only when it has no processes and no children)", e);
    }
  }

  private static String reason(FileSystemException e) {
    return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
  }

  static java.util.List<Long> procs(Path dir) throws IOException {
    Path f = dir.resolve("cgroup.procs");
    if (!java.nio.file.Files.exists(f)) return java.util.List.of();
    return java.nio.file.Files.readAllLines(f).stream().map(String::trim).filter(l -> !l.isEmpty())
        .map(Long::parseLong).toList();
  }
}
