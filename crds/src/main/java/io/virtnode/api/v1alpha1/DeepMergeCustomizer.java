package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges a JSON object into the generated schema, recursively (the generator's merge-patch customizer replaces
 * nested objects whole). For what the generator has no annotation for: an enum on a String, a format, bounds of
 * map values.
 */
public class DeepMergeCustomizer implements SchemaCustomizer.Customizer {
  @Override
  public JSONSchemaProps apply(JSONSchemaProps schema, String input, KubernetesSerialization serialization) {
    JsonNode target = serialization.convertValue(schema, JsonNode.class);
    merge((ObjectNode) target, serialization.unmarshal(input, JsonNode.class));
    return serialization.convertValue(target, JSONSchemaProps.class);
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    for (Iterator<Map.Entry<String, JsonNode>> it = patch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = target.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else {
        target.set(e.getKey(), e.getValue());
      }
    }
  }
}
