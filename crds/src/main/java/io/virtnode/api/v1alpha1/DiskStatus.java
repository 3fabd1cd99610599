package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Block facts of one disk, in bytes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DiskStatus {
  /** Disk name from the spec. */
  public String name;
  /** Guest-visible size. */
  public Long capacity;
  /** Bytes the image actually uses on the host. */
  public Long allocation;
  /** Size of the file or device that holds the image. */
  public Long physical;
}
