package io.virtnode.operator.devserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One HTTP request to the API: method, path, decoded query, headers and body. */
record ApiRequest(String method, String path, Map<String, String> query, UnaryOperator<String> headers,
    String body) {

  static ApiRequest of(String method, String uri, UnaryOperator<String> headers, String body) {
    int q = uri.indexOf('?');
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : uri.substring(q + 1).split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String path = q >= 0 ? uri.substring(0, q) : uri;
    if (path.length() > 1 && path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return new ApiRequest(method.toUpperCase(), path, query, headers, body == null ? "" : body);
  }

  String header(String name) {
    return headers.apply(name);
  }

  String param(String name) {
    return query.get(name);
  }

  boolean isWatch() {
    return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
  }

  boolean dryRun() {
    return query.containsKey("dryRun");
  }
}
