package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** metadata the server owns or checks: names (DNS-1123), uid (random v4), timestamps, generateName. */
final class ObjectMetaRules {
  private static final String LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String SUBDOMAIN = LABEL + "(\\." + LABEL + ")*";
  private static final Pattern LABEL_RE = Pattern.compile(LABEL);
  private static final Pattern SUBDOMAIN_RE = Pattern.compile(SUBDOMAIN);
  private static final String RANDOM_CHARS = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ObjectMetaRules() {
  }

  /** The apiserver's messages for a name that is not a DNS-1123 label or subdomain; empty when valid. */
  static List<FieldError> nameErrors(ResourceType type, String name, String field) {
    List<FieldError> errors = new ArrayList<>();
    if (type.namedByLabel()) {
      if (name.length() > 63) {
        errors.add(FieldError.invalid(field, name, "must be no more than 63 characters"));
      }
      if (!LABEL_RE.matcher(name).matches()) {
        errors.add(FieldError.invalid(field, name, "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. "
            + "'my-name',  or '123-abc', regex used for validation is '" + LABEL + "')"));
      }
    } else {
      if (name.length() > 253) {
        errors.add(FieldError.invalid(field, name, "must be no more than 253 characters"));
      }
      if (!SUBDOMAIN_RE.matcher(name).matches()) {
        errors.add(FieldError.invalid(field, name, "a lowercase RFC 1123 subdomain must consist of lower case "
            + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
            + "'example.com', regex used for validation is '" + SUBDOMAIN + "')"));
      }
    }
    return errors;
  }

  /** Names a new object (generateName when no name), checks it, and sets uid and creationTimestamp. */
  static void prepareCreate(ResourceType type, ObjectNode object, String namespace, Instant now) {
    ObjectNode metadata = object.with("metadata");
    String name = metadata.path("name").asText("");
    if (name.isEmpty() && !metadata.path("generateName").asText("").isEmpty()) {
      StringBuilder suffix = new StringBuilder();
      for (int i = 0; i < 5; i++) {
        suffix.append(RANDOM_CHARS.charAt(RANDOM.nextInt(RANDOM_CHARS.length())));
      }
      name = metadata.get("generateName").asText() + suffix;
      metadata.put("name", name);
    }
    if (name.isEmpty()) {
      throw Responses.invalid(type, "", List.of(new FieldError("metadata.name", "FieldValueRequired",
          "Required value: name or generateName is required")));
    }
    List<FieldError> errors = nameErrors(type, name, "metadata.name");
    if (!errors.isEmpty()) {
      throw Responses.invalid(type, name, errors);
    }
    checkNamespace(object, namespace);
    if (type.namespaced()) {
      metadata.put("namespace", namespace);
    } else {
      metadata.remove("namespace");
    }
    metadata.put("uid", UUID.randomUUID().toString());
    metadata.put("creationTimestamp", timestamp(now));
    metadata.put("generation", 1);
    metadata.remove(List.of("resourceVersion", "deletionTimestamp", "deletionGracePeriodSeconds", "selfLink"));
  }

  /** The body's name and namespace, when given, must be the URL's. */
  static void checkIdentity(ObjectNode object, String name, String namespace) {
    String bodyName = object.path("metadata").path("name").asText("");
    if (!bodyName.isEmpty() && !bodyName.equals(name)) {
      throw Responses.badRequest("the name of the object (" + bodyName + ") does not match the name on the URL ("
          + name + ")");
    }
    checkNamespace(object, namespace);
  }

  private static void checkNamespace(ObjectNode object, String namespace) {
    String bodyNamespace = object.path("metadata").path("namespace").asText("");
    if (namespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
      throw Responses.badRequest("the namespace of the provided object does not match the namespace sent on the "
          + "request");
    }
  }

  static String timestamp(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** 422 when a write adds a finalizer to an object being deleted, as ValidateObjectMetaUpdate refuses it. */
  static void checkNoNewFinalizers(ResourceType type, String name, JsonNode live, JsonNode next) {
    if (!live.path("metadata").has("deletionTimestamp")) {
      return;
    }
    Set<String> before = new HashSet<>();
    live.path("metadata").path("finalizers").forEach(f -> before.add(f.asText()));
    List<String> added = new ArrayList<>();
    next.path("metadata").path("finalizers").forEach(f -> {
      if (!before.contains(f.asText())) {
        added.add(f.asText());
      }
    });
    if (!added.isEmpty()) {
      throw Responses.invalid(type, name, List.of(new FieldError("metadata.finalizers", "FieldValueForbidden",
          "Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers "
          + added.stream().map(f -> "\"" + f + "\"").collect(Collectors.joining(", ",
              "[]string{", "}")))));
    }
  }

  static boolean hasFinalizers(JsonNode object) {
    JsonNode finalizers = object.path("metadata").path("finalizers");
    return finalizers.isArray() && !finalizers.isEmpty();
  }
}
