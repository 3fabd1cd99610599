package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** A disk backed by an image file or a block device on the node. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.create) || self.type == 'File'", message = "create is only allowed for File disks")
@ValidationRule(value = "!has(self.create) || !self.readOnly", message = "a disk to create cannot be readOnly")
public class Disk {
  @JsonPropertyDescription("Disk name, unique in the VM (DNS label, at most 26 characters: QEMU node names are short).")
  @Required @Pattern(Bounds.DNS_LABEL_PATTERN) @Size(max = Bounds.DISK_NAME)
  public String name;

  @JsonPropertyDescription("Whether path names an image file or a block device.")
  @Default("File")
  public DiskType type = DiskType.File;

  @JsonPropertyDescription("Absolute path on the node, under one of the agent's allowed storage roots.")
  @Required @Pattern(Bounds.PATH_PATTERN) @Size(max = Bounds.PATH)
  @ValidationRule(value = "!self.matches('(^|/)\\\\.\\\\.?(/|$)')", message = "path must not contain . or .. components")
  @ValidationRule(value = "!self.contains('//')", message = "path must not contain empty components (//)")
  public String path;

  @JsonPropertyDescription("Image format.")
  @Default("raw")
  public DiskFormat format = DiskFormat.raw;

  @JsonPropertyDescription("Guest bus the disk is attached to.")
  @Default("virtio")
  public DiskBus bus = DiskBus.virtio;

  @JsonPropertyDescription("Attach read-only.")
  @Default("false")
  public Boolean readOnly = false;

  @JsonPropertyDescription("Create a blank image of this size when, and only when, no file exists at path.")
  public DiskCreate create;
}
