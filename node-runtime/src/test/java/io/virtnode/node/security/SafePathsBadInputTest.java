package io.virtnode.node.security;

import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad paths modelled on real CVEs, each refused with its reason, by openat2 and by the O_NOFOLLOW walk. */
@Tag("isolation")
class SafePathsBadInputTest {
  @TempDir Path base;
  private Fixture fx;

  /** The host layout the cases run against: a storage root, files outside it, and the traps. */
  record Fixture(Path root, Path outside, List<ServerSocketChannel> sockets) {
    String r(String rel) { return root + "/" + rel; }
  }

  /** How a case calls SafePaths. */
  enum Call { CHECK, CHECK_SOCKET, CHECK_CREATE }

  /** One bad input. */
  interface Input { String path(Fixture fx) throws IOException; }

  @BeforeEach
  void layout() throws IOException {
    Path root = Files.createDirectories(base.resolve("root"));
    Path outside = Files.createDirectories(base.resolve("outside"));
    Files.createDirectories(root.resolve("dir/sub/deeper"));
    Files.writeString(root.resolve("disk.img"), "disk");
    Files.writeString(root.resolve("dir/sub/deeper/disk.img"), "deep");
    Files.writeString(outside.resolve("secret.img"), "secret");
    Files.createDirectories(base.resolve("root-evil"));
    Files.writeString(base.resolve("root-evil/disk.img"), "evil");
    fx = new Fixture(root, outside, new ArrayList<>());
  }

  @AfterEach
  void closeSockets() throws IOException {
    for (ServerSocketChannel s : fx.sockets()) {
      s.close();
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (boolean openat2 : new boolean[] {true, false}) {
      for (Object[] c : CASES) {
        all.add(Arguments.of(c[0], openat2 ? "openat2" : "walk", c[1], c[2], c[3]));
      }
    }
    return all.stream();
  }

  private static final Object[][] CASES = {
    {"relative file", Call.CHECK, (Input) f -> "disk.img", "NotAbsolute"},
    {"relative with dirs", Call.CHECK, (Input) f -> "root/dir/disk.img", "NotAbsolute"},
    {"empty", Call.CHECK, (Input) f -> "", "EmptyPath"},
    {"dotdot out of root", Call.CHECK, (Input) f -> f.r("../outside/secret.img"), "DotComponent"},
    {"dotdot deep", Call.CHECK, (Input) f -> f.r("dir/../../../../etc/shadow"), "DotComponent"},
    {"single dot", Call.CHECK, (Input) f -> f.r("./disk.img"), "DotComponent"},
    {"double slash", Call.CHECK, (Input) f -> f.root() + "//disk.img", "EmptyComponent"},
    {"trailing slash", Call.CHECK, (Input) f -> f.r("disk.img/"), "EmptyComponent"},
    {"newline", Call.CHECK, (Input) f -> f.r("disk\n.img"), "ControlCharacter"},
    {"NUL", Call.CHECK, (Input) f -> f.r("disk.img\0.qcow2"), "ControlCharacter"},
    {"comma-newline injection", Call.CHECK,
        (Input) f -> f.r("disk.img,\nfile.filename=/etc/shadow"), "ControlCharacter"},
    {"escape sequence", Call.CHECK, (Input) f -> f.r("\u001b[2Jdisk.img"), "ControlCharacter"},
    {"DEL", Call.CHECK, (Input) f -> f.r("disk\u007f.img"), "ControlCharacter"},
    {"component over NAME_MAX", Call.CHECK, (Input) f -> f.r("a".repeat(256)), "NameTooLong"},
    {"path over PATH_MAX", Call.CHECK, (Input) f -> f.r(("d".repeat(200) + "/").repeat(21) + "x"),
        "PathTooLong"},
    {"/proc/self/root trick", Call.CHECK, (Input) f -> "/proc/self/root" + f.r("disk.img"), "SystemPath"},
    {"/proc fd magic link", Call.CHECK, (Input) f -> "/proc/1/fd/0", "SystemPath"},
    {"/sys file", Call.CHECK, (Input) f -> "/sys/kernel/mm/transparent_hugepage/enabled", "SystemPath"},
    {"/dev block device", Call.CHECK, (Input) f -> "/dev/sda", "SystemPath"},
    {"/dev socket", Call.CHECK_SOCKET, (Input) f -> "/dev/log", "SystemPath"},
    {"host file", Call.CHECK, (Input) f -> "/etc/shadow", "OutsideRoots"},
    {"sibling outside root", Call.CHECK, (Input) f -> f.outside() + "/secret.img", "OutsideRoots"},
    {"string-prefix of root", Call.CHECK, (Input) f -> f.root() + "-evil/disk.img", "OutsideRoots"},
    {"the root itself", Call.CHECK, (Input) f -> f.root().toString(), "OutsideRoots"},
    {"symlink first component", Call.CHECK, (Input) f -> {
      Files.createSymbolicLink(f.root().resolve("link"), f.root().resolve("dir"));
      return f.r("link/sub/deeper/disk.img");
    }, "SymlinkRefused"},
    {"symlink middle component", Call.CHECK, (Input) f -> {
      Files.createSymbolicLink(f.root().resolve("dir/mid"), f.root().resolve("dir/sub"));
      return f.r("dir/mid/deeper/disk.img");
    }, "SymlinkRefused"},
    {"symlink last component", Call.CHECK, (Input) f -> {
      Files.createSymbolicLink(f.root().resolve("alias.img"), f.root().resolve("disk.img"));
      return f.r("alias.img");
    }, "SymlinkRefused"},
    {"relative symlink to outside", Call.CHECK, (Input) f -> {
      Files.createSymbolicLink(f.root().resolve("escape.img"), Path.of("../outside/secret.img"));
      return f.r("escape.img");
    }, "SymlinkRefused"},
    {"symlink dir to /", Call.CHECK, (Input) f -> {
      Files.createSymbolicLink(f.root().resolve("slash"), Path.of("/"));
      return f.r("slash/etc/shadow");
    }, "SymlinkRefused"},
    {"dangling symlink", Call.CHECK, (Input) f -> {
      Files.createSymbolicLink(f.root().resolve("dangling.img"), Path.of("/nonexistent/x"));
      return f.r("dangling.img");
    }, "SymlinkRefused"},
    {"hard link to a file outside", Call.CHECK, (Input) f -> {
      Files.createLink(f.root().resolve("hard.img"), f.outside().resolve("secret.img"));
      return f.r("hard.img");
    }, "HardLinked"},
    {"missing file", Call.CHECK, (Input) f -> f.r("missing.img"), "NotFound"},
    {"file used as directory", Call.CHECK, (Input) f -> f.r("disk.img/x"), "NotADirectory"},
    {"directory as disk", Call.CHECK, (Input) f -> f.r("dir"), "NotARegularFile"},
    {"socket as disk", Call.CHECK, (Input) f -> socket(f, "as-disk.sock").toString(), "NotARegularFile"},
    {"regular file as socket", Call.CHECK_SOCKET, (Input) f -> f.r("disk.img"), "NotASocket"},
    {"socket replaced by symlink to another socket", Call.CHECK_SOCKET, (Input) f -> {
      Path monitor = socket(f, "monitor.sock");
      Path other = socket(f, "other-vm.sock");
      Files.delete(monitor);
      Files.createSymbolicLink(monitor, other);
      return monitor.toString();
    }, "SymlinkRefused"},
    {"create over a foreign file", Call.CHECK_CREATE, (Input) f -> {
      Path foreign = f.root().resolve("foreign.img");
      Files.writeString(foreign, "someone else's");
      Files.setAttribute(foreign, "unix:uid", 4242);
      return foreign.toString();
    }, "ForeignFile"},
    {"create through a dangling symlink", Call.CHECK_CREATE, (Input) f -> {
      Files.createSymbolicLink(f.root().resolve("new.img"), f.outside().resolve("planted.img"));
      return f.r("new.img");
    }, "SymlinkRefused"},
    {"create in a missing directory", Call.CHECK_CREATE, (Input) f -> f.r("nodir/new.img"), "NotFound"},
    {"create under a symlinked directory", Call.CHECK_CREATE, (Input) f -> {
      Files.createSymbolicLink(f.root().resolve("out"), f.outside());
      return f.r("out/new.img");
    }, "SymlinkRefused"},
  };

  private static Path socket(Fixture f, String name) throws IOException {
    Path p = f.root().resolve(name);
    ServerSocketChannel s = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(p));
    f.sockets().add(s);
    return p;
  }

  @ParameterizedTest(name = "[{1}] {0} -> {4}")
  @MethodSource("cases")
  void badPathIsRefusedWithItsReasonAndNoSideEffect(String name, String mode, Call call, Input input,
      String reason) throws Exception {
    // A misconfigured "/" root must not let /proc, /sys or /dev through; "/" is only added for those cases.
    String path = input.path(fx);
    boolean systemCase = reason.equals("SystemPath");
    SafePaths paths = new SafePaths(systemCase ? List.of(fx.root(), Path.of("/")) : List.of(fx.root()),
        mode.equals("openat2"));
    String before = snapshot();

    PathRefusedException e = catchThrowableOfType(PathRefusedException.class, () -> {
      switch (call) {
        case CHECK -> paths.check(path);
        case CHECK_SOCKET -> paths.checkSocket(Path.of(path));
        case CHECK_CREATE -> paths.checkCreate(path);
      }
    });

    assertThat(e).as("%s must be refused", PathRefusedException.printable(path)).isNotNull();
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    assertThat(e.getMessage()).startsWith(reason + ": ").contains(PathRefusedException.printable(path)
        .substring(0, Math.min(40, PathRefusedException.printable(path).length())));
    assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\0");
    assertThat(snapshot()).as("no side effect on the files").isEqualTo(before);
    if (mode.equals("openat2")) {
      assertThat(SafePaths.openat2Available()).as("kernel facility openat2(2) (Linux 5.6+)").isTrue();
    }
  }

  /** Owner, mode and size of every file in the fixture, to prove a refusal changed nothing. */
  private String snapshot() throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.walk(base)) {
      for (Path p : files.sorted().toList()) {
        if (Files.isSymbolicLink(p)) {
          out.append(p).append(" -> ").append(Files.readSymbolicLink(p)).append('\n');
        } else {
          out.append(p).append(' ').append(Files.getAttribute(p, "unix:uid")).append(' ')
              .append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p))).append(' ')
              .append(Files.isRegularFile(p) ? Files.size(p) : -1).append('\n');
        }
      }
    }
    return out.toString();
  }
}
