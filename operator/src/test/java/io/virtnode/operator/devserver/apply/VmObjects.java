package io.virtnode.operator.devserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** A VM-like custom resource schema and YAML helpers for the apply tests. */
final class VmObjects {
  static final YAMLMapper YAML = new YAMLMapper();
  static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
  static final Instant T2 = Instant.parse("2026-01-01T11:00:00Z");
  static final Instant T3 = Instant.parse("2026-01-01T12:00:00Z");

  static final String SCHEMA = """
      type: object
      properties:
        spec:
          type: object
          properties:
            cpus: {type: integer}
            memory: {type: string}
            disks:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [name]
              items:
                type: object
                properties:
                  name: {type: string}
                  path: {type: string}
                  readOnly: {type: boolean}
            tags:
              type: array
              x-kubernetes-list-type: set
              items: {type: string}
            args:
              type: array
              items: {type: string}
            nodeSelector:
              type: object
              additionalProperties: {type: string}
            firmware:
              type: object
              x-kubernetes-map-type: atomic
              properties:
                kind: {type: string}
                path: {type: string}
        status:
          type: object
          properties:
            state: {type: string}
            nodeName: {type: string}
            conditions:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [type]
              items:
                type: object
                properties:
                  type: {type: string}
                  status: {type: string}
      """;

  private VmObjects() {
  }

  static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ServerSideApply vmApply() {
    return new ServerSideApply(ListSemantics.fromSchema(yaml(SCHEMA)));
  }

  /** A VM apply configuration with the given spec (YAML flow or block, indented under spec). */
  static ObjectNode vm(String spec) {
    return yaml("apiVersion: virtnode.io/v1alpha1\nkind: VirtualMachine\nmetadata: {name: vm1, namespace: ns}\n"
        + "spec: " + spec + "\n");
  }

  /** The fieldsV1 of manager's entry with the given operation, or null when it has none. */
  static JsonNode fieldsOf(JsonNode object, String manager, String operation) {
    for (JsonNode e : object.path("metadata").path("managedFields")) {
      if (e.path("manager").asText().equals(manager) && e.path("operation").asText().equals(operation)) {
        return e.get("fieldsV1");
      }
    }
    return null;
  }

  /** Parses JSON (or YAML) into a tree. */
  static JsonNode json(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
