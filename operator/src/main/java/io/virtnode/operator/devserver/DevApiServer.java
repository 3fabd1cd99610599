package io.virtnode.operator.devserver;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * An embedded Kubernetes API server for {@code virtnode dev} and API tests: objects in SQLite under the
 * state dir (or in memory), watches, apply, validation and Tables as kube-apiserver does them. Plain
 * HTTP on 127.0.0.1; kubectl works against it with {@link #writeKubeconfig(Path)}.
 */
public final class DevApiServer implements AutoCloseable {
  private final Vertx vertx;
  private final ObjectStore store;
  private final HttpFront front;
  private final int port;
  private final KubernetesClient client;

  private DevApiServer(Vertx vertx, ObjectStore store, HttpFront front, int port) {
    this.vertx = vertx;
    this.store = store;
    this.front = front;
    this.port = port;
    this.client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(url())
        .withNamespace("default").withRequestRetryBackoffLimit(0).build()).build();
  }

  /** Starts an in-memory server on 127.0.0.1:{@code port} (0 picks a free port) with namespace default. */
  public static DevApiServer start(int port) {
    return start(ServerOptions.defaults().withPort(port));
  }

  /** Starts a server whose objects persist in {@code stateDir}/api.db: a restart serves the same ones. */
  public static DevApiServer start(int port, Path stateDir) {
    return start(ServerOptions.defaults().withPort(port).withStateDir(stateDir));
  }

  public static DevApiServer start(ServerOptions options) {
    Clock clock = Clock.systemUTC();
    ObjectStore store = new ObjectStore(new SqliteLog(options.stateDir()), options.watchWindow());
    CrdRegistry crds = new CrdRegistry();
    store.list(ResourceTypes.CRDS.keyPrefix()).items().forEach(c ->
        crds.register(Serialization.unmarshal(c.toString(), CustomResourceDefinition.class)));
    Vertx vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(16).setBlockedThreadCheckInterval(60_000));
    NamespaceLifecycle namespaces = new NamespaceLifecycle(store, clock);
    CrdCleanup crdCleanup = new CrdCleanup(store, crds, clock);
    Deletes deletes = new Deletes(store, clock, namespaces, crdCleanup);
    ApiRouter router = new ApiRouter(store, crds, new Reads(store, clock),
        new Writes(store, new FieldManagers(clock), namespaces, crdCleanup, clock), deletes);
    HttpFront front = new HttpFront(vertx, router, new Watches(store, vertx, options.bookmarkInterval(), clock));
    EventExpiry expiry = new EventExpiry(store, options.eventTtl(), clock);
    vertx.setPeriodic(Math.max(1000, options.eventTtl().toMillis() / 10), id -> vertx.executeBlocking(() ->
        expiry.sweep(), false));
    try {
      DevApiServer server = new DevApiServer(vertx, store, front, front.listen(options.port()));
      if (server.client.namespaces().withName("default").get() == null) {
        server.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("default")
            .endMetadata().build()).create();
      }
      return server;
    } catch (Exception e) {
      vertx.close();
      store.close();
      throw new IllegalStateException("cannot start the API server on port " + options.port() + ": " + e, e);
    }
  }

  public int port() {
    return port;
  }

  /** Write requests (POST, PUT, PATCH, DELETE) served so far, for benchmarks. */
  public long writeCount() {
    return front.writeCount();
  }

  public String url() {
    return "http://127.0.0.1:" + port;
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
    front.close();
    vertx.close().toCompletionStage().toCompletableFuture().join();
    store.close();
  }
}
