package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** What is observed of a PortProfile: the instance UUID in use and each VM interface associated with it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@SchemaCustomizer(value = ListMapCustomizer.class,
    input = "conditions=type,interfaces=namespace+vmName+interfaceName")
public class PortProfileStatus {
  @JsonPropertyDescription("802.1Qbg instance UUID in use: spec.instanceId, or one generated once when that is absent"
      + " and kept for the life of the profile.")
  @Pattern(Bounds.UUID_PATTERN) @Size(max = Bounds.UUID)
  public String instanceId;

  @JsonPropertyDescription("Spec generation last acted on.")
  @Min(0)
  public Long observedGeneration;

  @JsonPropertyDescription("VM interfaces using the profile; each agent writes the entries of its node's VMs.")
  @Size(max = Bounds.PORT_PROFILE_USERS)
  public List<PortProfileUser> interfaces;

  @JsonPropertyDescription("Ready (the profile is valid and its users associated) and other conditions.")
  @Size(max = Bounds.CONDITIONS)
  public List<Condition> conditions = new ArrayList<>();
}
