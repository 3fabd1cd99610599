package io.virtnode.operator.devserver;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Loads generated CRD YAML from the classpath. */
final class ClasspathCrds {
  private ClasspathCrds() {
  }

  static List<CustomResourceDefinition> load(ClassLoader loader) {
    List<CustomResourceDefinition> crds = new ArrayList<>();
    try {
      for (URL dir : Collections.list(loader.getResources("META-INF/fabric8/"))) {
        for (String name : listYaml(dir)) {
          try (InputStream in = loader.getResourceAsStream("META-INF/fabric8/" + name)) {
            crds.add(Serialization.unmarshal(in, CustomResourceDefinition.class));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return crds;
  }

  private static List<String> listYaml(URL dir) throws IOException {
    List<String> names = new ArrayList<>();
    if (dir.getProtocol().equals("file")) {
      try (var files = Files.list(Path.of(java.net.URI.create(dir.toString())))) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-v1.yml")).forEach(names::add);
      }
    } else if (dir.getProtocol().equals("jar")) {
      var connection = (java.net.JarURLConnection) dir.openConnection();
      connection.setUseCaches(false);
      try (var jar = connection.getJarFile()) {
        jar.stream().map(java.util.jar.JarEntry::getName)
            .filter(n -> n.startsWith("META-INF/fabric8/") && n.endsWith("-v1.yml"))
            .map(n -> n.substring("META-INF/fabric8/".length())).forEach(names::add);
      }
    }
    return names;
  }
}
