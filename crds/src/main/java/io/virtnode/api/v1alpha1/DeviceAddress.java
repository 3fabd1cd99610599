package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The guest address assigned to one device. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeviceAddress {
  /** Device id, e.g. disk-root or scsi0. */
  public String device;
  /** Address, e.g. pci 0000:00:05.0, scsi 0:0:3, virtio-serial 0:1. */
  public String address;

  public DeviceAddress() {}

  public DeviceAddress(String device, String address) {
    this.device = device;
    this.address = address;
  }
}
