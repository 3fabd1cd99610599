package io.virtnode.operator.devserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/** What the dev server needs to know about one served version of an installed CRD. */
record CrdInfo(String group, String version, String plural, String singular, String kind,
    List<String> shortNames, boolean namespaced, boolean statusSubresource, JsonNode schema,
    List<CustomResourceColumnDefinition> printerColumns) {

  static List<CrdInfo> of(CustomResourceDefinition crd) {
    var spec = crd.getSpec();
    var names = spec.getNames();
    return spec.getVersions().stream().filter(v -> Boolean.TRUE.equals(v.getServed()))
        .map(v -> new CrdInfo(spec.getGroup(), v.getName(), names.getPlural(),
            names.getSingular() == null ? names.getKind().toLowerCase() : names.getSingular(), names.getKind(),
            names.getShortNames() == null ? List.of() : names.getShortNames(),
            "Namespaced".equals(spec.getScope()), hasStatus(v), schemaOf(v),
            v.getAdditionalPrinterColumns() == null ? List.of() : v.getAdditionalPrinterColumns()))
        .toList();
  }

  private static boolean hasStatus(CustomResourceDefinitionVersion v) {
    return v.getSubresources() != null && v.getSubresources().getStatus() != null;
  }

  private static JsonNode schemaOf(CustomResourceDefinitionVersion v) {
    if (v.getSchema() == null || v.getSchema().getOpenAPIV3Schema() == null) {
      return MissingNode.getInstance();
    }
    return Serialization.jsonMapper().valueToTree(v.getSchema().getOpenAPIV3Schema());
  }

  String groupVersion() {
    return group + "/" + version;
  }

  /** "VirtualMachine.virtnode.io", as the apiserver names the kind in error messages. */
  String qualifiedKind() {
    return kind + "." + group;
  }
}
