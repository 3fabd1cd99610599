package io.virtnode.operator.devserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A resource path: {@code /api/v1/...} or {@code /apis/<group>/<version>/...}, then
 * {@code [namespaces/<ns>/]<plural>[/<name>[/<subresource>]]}; segments are URL-decoded.
 */
record ApiPath(String groupVersion, String namespace, String plural, String name, String subresource) {

  static Optional<ApiPath> parse(String path) {
    String[] all = Arrays.stream(path.split("/")).skip(1)
        .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toArray(String[]::new);
    int start;
    String groupVersion;
    if (all.length >= 3 && all[0].equals("api") && all[1].equals("v1")) {
      groupVersion = "v1";
      start = 2;
    } else if (all.length >= 4 && all[0].equals("apis")) {
      groupVersion = all[1] + "/" + all[2];
      start = 3;
    } else {
      return Optional.empty();
    }
    String[] rest = Arrays.copyOfRange(all, start, all.length);
    boolean namespaceSubresource = rest.length == 3 && (rest[2].equals("status") || rest[2].equals("finalize"));
    if (rest.length >= 3 && rest[0].equals("namespaces") && !namespaceSubresource) {
      return Optional.of(new ApiPath(groupVersion, rest[1], rest[2], at(rest, 3), at(rest, 4)));
    }
    return rest.length > 3 ? Optional.empty()
        : Optional.of(new ApiPath(groupVersion, null, rest[0], at(rest, 1), at(rest, 2)));
  }

  private static String at(String[] parts, int i) {
    return i < parts.length ? parts[i] : null;
  }

  boolean status() {
    return "status".equals(subresource);
  }
}
