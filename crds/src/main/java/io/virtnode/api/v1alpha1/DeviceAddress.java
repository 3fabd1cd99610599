package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;

/** The guest address assigned to one device. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DeviceAddress {
  @JsonPropertyDescription("Device id, e.g. disk-root or scsi0.")
  @Size(max = Bounds.DEVICE_ID)
  public String device;

  @JsonPropertyDescription("Guest address, e.g. pci 0000:00:05.0, scsi 0:0:3, virtio-serial 0:1.")
  @Size(max = Bounds.GUEST_ADDRESS)
  public String address;

  public DeviceAddress() {}

  public DeviceAddress(String device, String address) {
    this.device = device;
    this.address = address;
  }
}
