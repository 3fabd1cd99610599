package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Front of the dev API server: serves discovery and OpenAPI, does custom resource writes itself
 * (validation, defaulting, apply), filters lists and watches by selectors, renders Tables, and leaves
 * storage, resource versions, finalizers and watch fan-out to fabric8's CRUD dispatcher.
 */
final class ApiDispatcher extends Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
  private static final Set<String> SELECTORS = Set.of("labelSelector", "fieldSelector");
  private static final String CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private final Dispatcher store;
  private final CrdRegistry crds;
  private final Discovery discovery;
  private final OpenApiV3 openApi;
  private final CustomResourceWrites writes;

  ApiDispatcher(Dispatcher store, CrdRegistry crds) {
    this.store = store;
    this.crds = crds;
    this.discovery = new Discovery(crds);
    this.openApi = new OpenApiV3(discovery);
    this.writes = new CustomResourceWrites(store);
  }

  private final java.util.concurrent.atomic.AtomicLong writeCount = new java.util.concurrent.atomic.AtomicLong();

  /** Number of write requests (POST, PUT, PATCH, DELETE) served so far. */
  long writeCount() {
    return writeCount.get();
  }

  @Override
  public MockResponse dispatch(RecordedRequest raw) {
    ApiRequest request = ApiRequest.of(raw);
    if (!request.method().equals("GET")) {
      writeCount.incrementAndGet();
    }
    try {
      return route(request);
    } catch (IOException | RuntimeException e) {
      LOG.warn("{} {} failed ({}): {}", request.method(), raw.getPath(), request.header("Content-Type"), request.body(), e);
      return Responses.failure(400, "BadRequest", String.valueOf(e.getMessage()));
    }
  }

  private MockResponse route(ApiRequest request) throws IOException {
    String path = request.path();
    if (request.method().equals("GET")) {
      if (path.startsWith("/openapi/")) {
        return openApi.document(path).map(d -> Responses.json(200, d))
            .orElseGet(() -> Responses.failure(404, "NotFound", "the server could not find the requested resource"));
      }
      Optional<ObjectNode> document = discovery.document(path);
      if (document.isPresent()) {
        return Responses.json(200, document.get());
      }
    }
    if (path.startsWith(CRDS_PATH)) {
      return crdWrite(request);
    }
    Optional<CustomResourcePath> crPath = CustomResourcePath.parse(path);
    Optional<CrdInfo> crd = crPath.flatMap(p -> crds.find(p.group(), p.version(), p.plural()));
    if (crd.isPresent() && Set.of("POST", "PUT", "PATCH").contains(request.method())) {
      return writes.handle(request, crPath.get(), crd.get());
    }
    if (!request.method().equals("GET")) {
      return store.dispatch(request.forStore());
    }
    if (request.isWatch()) {
      return watch(request);
    }
    return read(request, crd.orElse(null));
  }

  private MockResponse read(ApiRequest request, CrdInfo crd) throws IOException {
    MockResponse response = store.dispatch(request.without(SELECTORS));
    if (response.code() == 404 && crd != null) {
      return Responses.failure(404, "NotFound", crd.plural() + "." + crd.group() + " \""
          + request.path().substring(request.path().lastIndexOf('/') + 1) + "\" not found");
    }
    if (response.code() != 200 || response.getBody() == null) {
      return response;
    }
    JsonNode body = ApplyPatches.JSON.readTree(response.getBody().readUtf8());
    if (body.has("items")) {
      Predicate<JsonNode> matches = Selectors.labels(request.query().get("labelSelector"))
          .and(Selectors.fields(request.query().get("fieldSelector")));
      ArrayNode kept = ApplyPatches.JSON.createArrayNode();
      body.get("items").forEach(item -> {
        if (matches.test(item)) {
          kept.add(item);
        }
      });
      ((ObjectNode) body).set("items", kept);
    }
    if (crd != null && TableRenderer.wantsTable(request.header("Accept"))) {
      return Responses.json(200, TableRenderer.render(crd, body, request.query().get("includeObject"),
          Instant.now()));
    }
    return Responses.json(200, body);
  }

  private MockResponse watch(ApiRequest request) {
    MockResponse response = store.dispatch(request.without(SELECTORS));
    if (response.getWebSocketListener() == null) {
      return response;
    }
    Predicate<JsonNode> matches = Selectors.labels(request.query().get("labelSelector"))
        .and(Selectors.fields(request.query().get("fieldSelector")));
    return response.withWebSocketUpgrade(new FilteringWatchListener(response.getWebSocketListener(), matches));
  }

  /** CRD writes go to the store, and successful ones update the registry (the mock's and ours). */
  private MockResponse crdWrite(ApiRequest request) throws IOException {
    MockResponse response = store.dispatch(request.forStore());
    if (response.code() >= 300 || request.method().equals("GET")) {
      return response;
    }
    String name = request.path().substring(CRDS_PATH.length()).replaceFirst("^/", "").replaceFirst("/status$", "");
    if (request.method().equals("DELETE")) {
      crds.unregister(name);
    } else if (response.getBody() != null) {
      crds.register(Serialization.unmarshal(response.getBody().readUtf8(), CustomResourceDefinition.class));
    }
    return response;
  }
}
