package io.virtnode.operator.devserver;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code /apis/<group>/<version>[/namespaces/<ns>]/<plural>[/<name>[/status]]}. */
record CustomResourcePath(String group, String version, String namespace, String plural, String name,
    boolean status) {
  private static final Pattern PATH = Pattern.compile(
      "^/apis/([^/]+)/([^/]+)/(?:namespaces/([^/]+)/)?([^/]+)(?:/([^/]+))?(/status)?$");

  static Optional<CustomResourcePath> parse(String path) {
    Matcher m = PATH.matcher(path);
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new CustomResourcePath(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5),
        m.group(6) != null));
  }

  CustomResourcePath withName(String newName) {
    return new CustomResourcePath(group, version, namespace, plural, newName, status);
  }

  String collectionPath() {
    return "/apis/" + group + "/" + version + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural;
  }

  String objectPath() {
    return collectionPath() + "/" + name;
  }
}
