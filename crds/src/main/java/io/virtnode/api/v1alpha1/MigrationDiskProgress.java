package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Copy progress of one node-local disk. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MigrationDiskProgress {
  @JsonPropertyDescription("Disk name from the VM's spec.")
  @Required @Size(max = Bounds.DISK_NAME)
  public String name;

  @JsonPropertyDescription("Bytes to copy.")
  public Long bytesTotal;

  @JsonPropertyDescription("Bytes copied so far.")
  public Long bytesCopied;

  @JsonPropertyDescription("True once source and target copies are in sync.")
  public Boolean ready;
}
