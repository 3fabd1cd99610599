package io.virtnode.operator.devserver;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;

/**
 * An embedded Kubernetes API server for {@code virtnode dev} and API tests: fabric8's CRUD mock for
 * storage, made faithful where virtnode relies on it (see {@link ApiDispatcher}). Plain HTTP on
 * 127.0.0.1; kubectl works against it with {@link #writeKubeconfig(Path)}.
 */
public final class DevApiServer implements AutoCloseable {
  /** The mock logs every request at INFO through java.util.logging; requests are not news here. */
  private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;

  private final ApiDispatcher dispatcher;

  private DevApiServer(KubernetesMockServer server, ApiDispatcher dispatcher) {
    this.server = server;
    this.dispatcher = dispatcher;
    this.client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(
        "http://127.0.0.1:" + server.getPort()).withNamespace("default").withRequestRetryBackoffLimit(0).build()).build();
  }

  /** Starts a server on 127.0.0.1:{@code port} (0 picks a free port) with namespace default. */
  public static DevApiServer start(int port) {
    KubernetesCrudDispatcher store = new KubernetesCrudDispatcher(Collections.emptyList());
    ApiDispatcher dispatcher = new ApiDispatcher(store, new CrdRegistry());
    KubernetesMockServer mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        dispatcher, false);
    try {
      mock.init(InetAddress.getByName("127.0.0.1"), port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DevApiServer server = new DevApiServer(mock, dispatcher);
    server.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default").endMetadata()
        .build()).create();
    return server;
  }

  public int port() {
    return server.getPort();
  }

  /** Write requests (POST, PUT, PATCH, DELETE) served so far, for benchmarks. */
  public long writeCount() {
    return dispatcher.writeCount();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** A client for this server, default namespace "default"; closed with the server. */
  public KubernetesClient kubernetesClient() {
    return client;
  }

  public void installCrds(List<CustomResourceDefinition> crds) {
    for (CustomResourceDefinition crd : crds) {
      client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
    }
  }

  /** Installs every {@code META-INF/fabric8/*-v1.yml} CRD on the classpath; returns their names. */
  public List<String> installCrdsFromClasspath() {
    List<CustomResourceDefinition> crds = ClasspathCrds.load(getClass().getClassLoader());
    installCrds(crds);
    return crds.stream().map(c -> c.getMetadata().getName()).toList();
  }

  /** Writes a kubeconfig (context "virtnode-dev", namespace default) that kubectl can use. */
  public Path writeKubeconfig(Path file) throws IOException {
    String yaml = """
        apiVersion: v1
        kind: Config
        clusters:
        - name: virtnode-dev
          cluster:
            server: %s
        users:
        - name: virtnode-dev
          user:
            token: virtnode-dev
        contexts:
        - name: virtnode-dev
          context:
            cluster: virtnode-dev
            user: virtnode-dev
            namespace: default
        current-context: virtnode-dev
        """.formatted(url());
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    return Files.writeString(file, yaml);
  }

  @Override
  public void close() {
    client.close();
    server.destroy();
  }

  /** Loads generated CRD YAML from the classpath. */
  static final class ClasspathCrds {
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
}
