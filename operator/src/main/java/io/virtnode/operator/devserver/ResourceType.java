package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import java.util.List;

/** A served resource: built-in or from a CRD (then {@code crd} is set). */
record ResourceType(String group, String version, String plural, String singular, String kind, boolean namespaced,
    List<String> shortNames, boolean statusSubresource, CrdInfo crd) {

  static ResourceType builtin(String groupVersion, String plural, String kind, boolean namespaced,
      List<String> shortNames, boolean status) {
    String group = groupVersion.contains("/") ? groupVersion.substring(0, groupVersion.indexOf('/')) : "";
    String version = groupVersion.substring(groupVersion.indexOf('/') + 1);
    return new ResourceType(group, version, plural, plural.replaceAll("s$", ""), kind, namespaced, shortNames,
        status, null);
  }

  static ResourceType of(CrdInfo c) {
    return new ResourceType(c.group(), c.version(), c.plural(), c.singular(), c.kind(), c.namespaced(),
        c.shortNames(), c.statusSubresource(), c);
  }

  /** "v1" for the core group, otherwise "group/version". */
  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** "virtualmachines.virtnode.io", or "nodes" for the core group, as error messages name it. */
  String resource() {
    return group.isEmpty() ? plural : plural + "." + group;
  }

  /** "VirtualMachine.virtnode.io" or "Node", as Invalid messages name the kind. */
  String qualifiedKind() {
    return group.isEmpty() ? kind : kind + "." + group;
  }

  /** Printer columns after Name: the CRD's, or those kube-apiserver prints for this built-in. */
  List<CustomResourceColumnDefinition> printerColumns() {
    return crd != null ? crd.printerColumns() : BuiltinColumns.of(this);
  }

  /** True when the server renders Tables for this resource (else kubectl prints names and ages). */
  boolean hasTable() {
    return crd != null || !BuiltinColumns.of(this).isEmpty();
  }

  JsonNode schema() {
    return crd == null ? MissingNode.getInstance() : crd.schema();
  }

  /** Namespaces and services are named by DNS-1123 labels; everything else by subdomains. */
  boolean namedByLabel() {
    return group.isEmpty() && (plural.equals("namespaces") || plural.equals("services"));
  }

  boolean isEvent() {
    return plural.equals("events") && (group.isEmpty() || group.equals("events.k8s.io"));
  }

  /** The storage key prefix of this resource ("virtnode.io/virtualmachines/"). */
  String keyPrefix() {
    return (group.isEmpty() ? "core" : group) + "/" + plural + "/";
  }

  String key(String namespace, String name) {
    return keyPrefix() + (namespaced ? namespace : "") + "/" + name;
  }
}
