package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A request that fails with a Kubernetes Status; thrown anywhere below the router. */
final class ApiException extends RuntimeException {
  private final transient ObjectNode status;

  ApiException(ObjectNode status) {
    super(status.path("message").asText());
    this.status = status;
  }

  ObjectNode status() {
    return status;
  }

  int code() {
    return status.path("code").asInt();
  }
}
