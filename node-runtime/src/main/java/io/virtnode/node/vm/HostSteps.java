package io.virtnode.node.vm;

import java.util.List;

/**
 * The start steps in host order: port → images → runtime dir and plan → cgroup → device ACL → [PCI binding →
 * macvtap/port profile] → labels → console drains → QEMU. Steps added later (net, PCI) are inserted here, in their place.
 */
final class HostSteps {
  private HostSteps() {}

  static List<HostStep> standard(VmHost host) {
    return List.of(new VncPortStep(host), new ImageStep(host), new PlanStep(host), new CgroupStep(host),
        new DeviceAclStep(host), new LabelStep(host), new ConsoleDrainStep(host.consoles), new QemuStep(host));
  }
}
