package io.virtnode.api.v1alpha1.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The CRD YAML under test: the copies generated at build time and the ones checked in under manifests/crds. */
public final class GeneratedCrds {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One CRD version's openAPIV3Schema, named for messages ("manifests/crds/x.yml v1alpha1"). */
  public record VersionSchema(String name, JsonNode schema) {
    @Override public String toString() { return name; }

    /** The VirtualMachine CRD, the one with the most rules and patterns (sanity counts are sized for it). */
    public boolean virtualMachines() { return name.contains("/virtualmachines."); }
  }

  private GeneratedCrds() {}

  /** Every CRD file, generated and checked in. */
  public static List<Path> files() {
    List<Path> files = new ArrayList<>();
    try {
      var url = GeneratedCrds.class.getClassLoader().getResource("META-INF/fabric8");
      if (url == null) throw new AssertionError("no generated CRDs on the classpath (META-INF/fabric8)");
      try (Stream<Path> s = Files.list(Path.of(url.toURI()))) {
        s.filter(p -> p.toString().endsWith(".yml")).sorted().forEach(files::add);
      }
      Path manifests = Path.of("..", "manifests", "crds").toAbsolutePath().normalize();
      try (Stream<Path> s = Files.list(manifests)) {
        s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
            .filter(p -> !p.getFileName().toString().startsWith("kustomization")).sorted().forEach(files::add);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (files.size() < 2) throw new AssertionError("expected generated and checked-in CRDs, found " + files);
    return files;
  }

  /** The openAPIV3Schema of every version of every CRD file. */
  public static List<VersionSchema> schemas() {
    List<VersionSchema> out = new ArrayList<>();
    for (Path file : files()) {
      JsonNode crd = read(file);
      for (JsonNode version : crd.path("spec").path("versions")) {
        JsonNode schema = version.path("schema").path("openAPIV3Schema");
        if (schema.isMissingNode()) throw new AssertionError(file + " " + version.path("name") + " has no schema");
        out.add(new VersionSchema(file.getParent().getFileName() + "/" + file.getFileName() + " "
            + version.path("name").asText(), schema));
      }
    }
    return out;
  }

  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
