package io.virtnode.api.v1alpha1;

import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Marks list properties as x-kubernetes-list-type: map keyed by fields; input is "prop=key,prop=key1+key2".
 * (The generator has no list-type annotation.)
 */
public class ListMapCustomizer implements SchemaCustomizer.Customizer {
  @Override
  public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    for (String pair : input.split(",")) {
      String[] kv = pair.trim().split("=");
      JSONSchemaProps list = schema.getProperties().get(kv[0]);
      if (list == null) throw new IllegalArgumentException("no list property " + kv[0]);
      list.setXKubernetesListType("map");
      list.setXKubernetesListMapKeys(java.util.List.of(kv[1].split("\\+")));
    }
    return schema;
  }
}
