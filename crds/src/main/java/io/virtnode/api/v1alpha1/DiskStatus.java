package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Block facts of one disk, in bytes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiskStatus {
  @JsonPropertyDescription("Disk name from the spec.")
  @Required @Size(max = Bounds.DISK_NAME)
  public String name;

  @JsonPropertyDescription("Guest-visible size in bytes.")
  public Long capacity;

  @JsonPropertyDescription("Bytes the image actually uses on the host.")
  public Long allocation;

  @JsonPropertyDescription("Size in bytes of the file or device that holds the image.")
  public Long physical;
}
