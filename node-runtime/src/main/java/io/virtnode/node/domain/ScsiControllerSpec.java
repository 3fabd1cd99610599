package io.virtnode.node.domain;

/** A SCSI controller asked for in the spec. */
public record ScsiControllerSpec(Model model) {

  /** Controller models; narrow buses have units 0-6, wide buses 0-15 with 7 kept for the initiator. */
  public enum Model {
    VIRTIO_SCSI("virtio-scsi-pci", 16),
    LSI("lsi53c895a", 7);

    private final String qemuDevice;
    private final int units;

    Model(String qemuDevice, int units) {
      this.qemuDevice = qemuDevice;
      this.units = units;
    }

    public String qemuDevice() { return qemuDevice; }

    /** Number of unit numbers on the bus (7 narrow, 16 wide). */
    public int units() { return units; }

    public boolean wide() { return units > 8; }
  }
}
