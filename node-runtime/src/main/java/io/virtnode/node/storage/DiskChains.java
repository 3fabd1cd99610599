package io.virtnode.node.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads disk images' backing chains and creates blank images, with qemu-img. */
public final class DiskChains {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FORMATS = Set.of("raw", "qcow2");

  private final String qemuImg;
  private final Duration timeout;

  /** Uses qemu-img from PATH with a 30 s timeout. */
  public DiskChains() {
    this("qemu-img", Duration.ofSeconds(30));
  }

  public DiskChains(String qemuImg, Duration timeout) {
    this.qemuImg = qemuImg;
    this.timeout = timeout;
  }

  /** The image's layers, top first, from {@code qemu-img info --backing-chain --output=json -U}. */
  public List<ImageLayer> read(Path image) throws DiskChainException {
    String path = image.toAbsolutePath().toString();
    QemuImgRunner.Result result = QemuImgRunner.run(
        List.of(qemuImg, "info", "--backing-chain", "--output=json", "-U", path), timeout);
    if (result.exitCode() != 0) {
      throw new DiskChainException("cannot read the backing chain of " + path + ": " + result.stderr());
    }
    try {
      JsonNode root = JSON.readTree(result.stdout());
      List<ImageLayer> layers = new ArrayList<>();
      for (JsonNode layer : root.isArray() ? root : JSON.createArrayNode().add(root)) {
        layers.add(new ImageLayer(
            layer.path("filename").asText(),
            layer.path("format").asText(),
            layer.path("virtual-size").asLong(),
            layer.path("actual-size").asLong(-1),
            text(layer, "backing-filename"),
            text(layer, "full-backing-filename")));
      }
      return List.copyOf(layers);
    } catch (IOException e) {
      throw new DiskChainException("qemu-img info printed unreadable JSON for " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates a blank image of the given size, only when nothing exists at path: the file is created
   * exclusively first (never adopting an existing file or symlink), then formatted; on failure it is removed.
   */
  public void create(Path image, String format, long bytes) throws DiskChainException {
    if (!FORMATS.contains(format)) {
      throw new IllegalArgumentException("image format '" + format + "' is not supported: use raw or qcow2");
    }
    if (bytes <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + bytes);
    }
    Path path = image.toAbsolutePath();
    try {
      Files.createFile(path);
    } catch (FileAlreadyExistsException e) {
      throw new DiskChainException(path + " already exists: refusing to create an image over it (delete it or"
          + " drop 'create' from the disk)", e);
    } catch (IOException e) {
      throw new DiskChainException("cannot create " + path + ": " + e, e);
    }
    if (format.equals("raw")) {
      sparse(path, bytes); // what qemu-img create -f raw does, without a process per image
      return;
    }
    QemuImgRunner.Result result = QemuImgRunner.run(
        List.of(qemuImg, "create", "-q", "-f", format, path.toString(), Long.toString(bytes)), timeout);
    if (result.exitCode() != 0) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // the create error below is the one to report
      }
      throw new DiskChainException("qemu-img create of " + path + " failed: " + result.stderr());
    }
  }

  private static void sparse(Path path, long bytes) throws DiskChainException {
    try (var file = java.nio.channels.FileChannel.open(path, java.nio.file.StandardOpenOption.WRITE,
        java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      file.write(java.nio.ByteBuffer.allocate(1), bytes - 1); // extends the file sparsely
    } catch (IOException e) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // the create error below is the one to report
      }
      throw new DiskChainException("cannot size " + path + " to " + bytes + " bytes: " + e, e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
