package io.virtnode.node.pci.emulated;

/** An emulated device's mutable state: the driver bound, driver_override, config space, resets done. */
final class DeviceState {
  final EmulatedDevice spec;
  final byte[] config;
  String driver;
  String override;
  int resets;

  DeviceState(EmulatedDevice spec) {
    this.spec = spec;
    this.config = spec.configSpace();
  }
}
