package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;

/** A finished response: status code and JSON body. */
record ApiResponse(int code, JsonNode body) {
  static ApiResponse of(ApiException e) {
    return new ApiResponse(e.code(), e.status());
  }
}
