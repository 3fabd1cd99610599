package io.virtnode.operator.devserver;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** A request split into path and decoded query, with helpers to re-issue it to the CRUD mock. */
record ApiRequest(RecordedRequest raw, String path, Map<String, String> query, String body) {

  static ApiRequest of(RecordedRequest raw) {
    String full = raw.getPath();
    int q = full.indexOf('?');
    Map<String, String> query = new LinkedHashMap<>();
    if (q >= 0) {
      for (String pair : full.substring(q + 1).split("&")) {
        if (!pair.isEmpty()) {
          int eq = pair.indexOf('=');
          String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
          query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      }
    }
    String path = q >= 0 ? full.substring(0, q) : full;
    return new ApiRequest(raw, path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path,
        query, raw.getBody() == null ? "" : raw.getUtf8Body());
  }

  String method() {
    return raw.getMethod().toUpperCase();
  }

  String header(String name) {
    return raw.getHeader(name);
  }

  boolean isWatch() {
    return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
  }

  /** The same request without the given query parameters. */
  RecordedRequest without(Set<String> dropped) {
    Map<String, String> kept = new LinkedHashMap<>(query);
    kept.keySet().removeAll(dropped);
    return to(raw.method(), path + queryString(kept), body);
  }

  /** The request as it came, for the mock (its body was read here). */
  RecordedRequest forStore() {
    return to(raw.method(), raw.getPath(), body, raw.getHeader("Content-Type"));
  }

  /** A new request to the mock with the given method, path and JSON body. */
  RecordedRequest to(HttpMethod method, String pathAndQuery, String body) {
    return to(method, pathAndQuery, body, "application/json");
  }

  private RecordedRequest to(HttpMethod method, String pathAndQuery, String body, String contentType) {
    Headers.Builder builder = new Headers.Builder().setHeaders(raw.getHeaders()).set("Accept", "application/json");
    if (contentType != null) {
      builder.set("Content-Type", contentType);
    }
    Headers headers = builder.build();
    return new RecordedRequest(raw.getHttpVersion(), method, pathAndQuery, headers,
        new Buffer(body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8)));
  }

  private static String queryString(Map<String, String> query) {
    if (query.isEmpty()) {
      return "";
    }
    return "?" + query.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
  }
}
