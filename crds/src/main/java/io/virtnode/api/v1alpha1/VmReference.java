package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Identifies one VirtualMachine: namespace, name and uid (a recreated VM of the same name is another VM). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class VmReference {
  @JsonPropertyDescription("Namespace of the VM.")
  @Required @Size(max = Bounds.DNS_LABEL)
  public String namespace;

  @JsonPropertyDescription("Name of the VM.")
  @Required @Size(max = Bounds.DNS_SUBDOMAIN)
  public String name;

  @JsonPropertyDescription("uid of the VM.")
  @Required @Size(max = Bounds.UUID)
  public String uid;

  public VmReference() {}

  public VmReference(String namespace, String name, String uid) {
    this.namespace = namespace;
    this.name = name;
    this.uid = uid;
  }
}
