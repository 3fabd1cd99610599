package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * The identifiers a port is associated with. Numbers are integers: YAML's hex (0x2a) is read as one by kubectl,
 * so write them in hex or decimal. Changing them re-associates the interfaces using the profile.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type != '802.1Qbg' || (has(self.managerId) && has(self.typeId) && has(self.typeIdVersion))",
    message = "type 802.1Qbg needs managerId, typeId and typeIdVersion")
@ValidationRule(value = "self.type == '802.1Qbg' || (!has(self.managerId) && !has(self.typeId)"
    + " && !has(self.typeIdVersion) && !has(self.instanceId))",
    message = "managerId, typeId, typeIdVersion and instanceId are only for type 802.1Qbg")
@ValidationRule(value = "self.type != '802.1Qbh' || has(self.profileId)", message = "type 802.1Qbh needs profileId")
@ValidationRule(value = "self.type == '802.1Qbh' || !has(self.profileId)", message = "profileId is only for type 802.1Qbh")
public class PortProfileSpec {
  @JsonPropertyDescription("The standard: 802.1Qbg (VDP through lldpad: managerId, typeId, typeIdVersion, instanceId)"
      + " or 802.1Qbh (port profile in the NIC's firmware: profileId). Immutable.")
  @Required
  @ValidationRule(value = "self == oldSelf", message = "type is immutable; create another PortProfile")
  public PortProfileType type;

  @JsonPropertyDescription("802.1Qbg VSI manager id, 0-255 (0x00-0xff).")
  @Min(0) @Max(255)
  public Integer managerId;

  @JsonPropertyDescription("802.1Qbg VSI type id, 24 bits: 0-16777215 (0x000000-0xffffff).")
  @Min(0) @Max(16777215)
  public Integer typeId;

  @JsonPropertyDescription("802.1Qbg VSI type version, 0-255 (0x00-0xff).")
  @Min(0) @Max(255)
  public Integer typeIdVersion;

  @JsonPropertyDescription("802.1Qbg VSI instance UUID (lower case); when absent one is generated once and kept in"
      + " status.instanceId.")
  @Pattern(Bounds.UUID_PATTERN) @Size(max = Bounds.UUID)
  public String instanceId;

  @JsonPropertyDescription("802.1Qbh port profile name, at most 39 printable ASCII characters (the kernel's"
      + " PORT_PROFILE_MAX, 40, includes the NUL).")
  @Pattern(Bounds.PORT_PROFILE_ID_PATTERN) @Size(max = Bounds.PORT_PROFILE_ID)
  public String profileId;
}
