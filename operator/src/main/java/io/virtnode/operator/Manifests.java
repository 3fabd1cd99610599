package io.virtnode.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Applies manifest files the way kubectl apply -f does (server-side apply into namespace default). */
public final class Manifests {
  private Manifests() {}

  /** Applies every .yaml/.yml under path (sorted; kustomization files skipped); returns the files applied. */
  public static List<Path> apply(KubernetesClient client, Path path) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.isDirectory(path) ? Files.walk(path) : Stream.of(path)) {
      files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
    }
    for (Path f : files) {
      try (InputStream in = Files.newInputStream(f)) {
        client.load(in).inNamespace("default").forceConflicts().serverSideApply();
      }
    }
    return files;
  }
}
