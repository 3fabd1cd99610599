package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes a non-watch request: health, OpenAPI and discovery documents, then the resource verbs
 * (get, list, create, update, patch, delete, deletecollection). CRD writes also update the registry.
 */
final class ApiRouter {
  private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);

  private final ResourceTypes types;
  private final CrdRegistry crds;
  private final Discovery discovery;
  private final OpenApiV3 openApi;
  private final Reads reads;
  private final Writes writes;
  private final Deletes deletes;
  private final ObjectStore store;

  ApiRouter(ObjectStore store, CrdRegistry crds, Reads reads, Writes writes, Deletes deletes) {
    this.store = store;
    this.crds = crds;
    this.types = new ResourceTypes(crds);
    this.discovery = new Discovery(types);
    this.openApi = new OpenApiV3(discovery);
    this.reads = reads;
    this.writes = writes;
    this.deletes = deletes;
  }

  ApiResponse handle(ApiRequest request) {
    try {
      return route(request);
    } catch (ApiException e) {
      return ApiResponse.of(e);
    } catch (IOException e) { // the body could not be read as what the verb needs
      return ApiResponse.of(Responses.badRequest(String.valueOf(e.getMessage())));
    } catch (RuntimeException e) { // the server's own failure (storage, a bug): 500, as kube answers
      LOG.warn("{} {} failed: {}", request.method(), request.path(), request.body(), e);
      return ApiResponse.of(Responses.internalError(String.valueOf(e.getMessage())));
    }
  }

  /** The resource a path names, or 404 as the apiserver words it. */
  Resolved resolve(String path) {
    ApiPath p = ApiPath.parse(path).orElseThrow(ApiRouter::noSuchPath);
    ResourceType type = types.find(p.groupVersion(), p.plural()).orElseThrow(ApiRouter::noSuchPath);
    if (p.subresource() != null && !(p.status() && type.statusSubresource())) {
      throw noSuchPath();
    }
    return new Resolved(type, p);
  }

  /** A parsed resource path and its type. */
  record Resolved(ResourceType type, ApiPath path) {
  }

  private ApiResponse route(ApiRequest request) throws IOException {
    String path = request.path();
    if (request.method().equals("GET")) {
      if (path.equals("/healthz") || path.equals("/readyz") || path.equals("/livez")) {
        return new ApiResponse(200, TextNode.valueOf("ok"));
      }
      if (path.startsWith("/openapi/")) {
        return new ApiResponse(200, openApi.document(path).orElseThrow(ApiRouter::noSuchPath));
      }
      Optional<ObjectNode> document = discovery.document(path);
      if (document.isPresent()) {
        return new ApiResponse(200, document.get());
      }
    }
    Resolved r = resolve(path);
    ResourceType type = r.type();
    ApiPath p = r.path();
    return switch (request.method()) {
      case "GET" -> new ApiResponse(200, p.name() == null ? reads.list(type, p, request) : reads.get(type, p, request));
      case "POST" -> {
        requireCollection(p);
        yield new ApiResponse(201, afterWrite(type, writes.create(type, p, request)));
      }
      case "PUT" -> new ApiResponse(200, afterWrite(type, writes.update(type, requireName(p), request)));
      case "PATCH" -> {
        boolean existed = store.get(type.key(p.namespace(), requireName(p).name())).isPresent();
        yield new ApiResponse(existed ? 200 : 201, afterWrite(type, writes.patch(type, p, request)));
      }
      case "DELETE" -> p.name() == null ? new ApiResponse(200, deletes.deleteCollection(type, p, request))
          : new ApiResponse(200, deletes.delete(type, p, request));
      default -> throw Responses.failure(405, "MethodNotAllowed", "the server does not allow this method on the "
          + "requested resource");
    };
  }

  private JsonNode afterWrite(ResourceType type, ObjectNode written) {
    if (type == ResourceTypes.CRDS) {
      crds.register(Serialization.unmarshal(written.toString(), CustomResourceDefinition.class));
    }
    return written;
  }

  private static void requireCollection(ApiPath p) {
    if (p.name() != null) {
      throw Responses.failure(405, "MethodNotAllowed", "the server does not allow this method on the requested "
          + "resource");
    }
  }

  private static ApiPath requireName(ApiPath p) {
    if (p.name() == null) {
      throw Responses.failure(405, "MethodNotAllowed", "the server does not allow this method on the requested "
          + "resource");
    }
    return p;
  }

  private static ApiException noSuchPath() {
    return Responses.failure(404, "NotFound", "the server could not find the requested resource");
  }
}
