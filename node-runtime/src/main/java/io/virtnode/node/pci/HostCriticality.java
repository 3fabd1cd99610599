package io.virtnode.node.pci;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The result of a host scan: each PCI device the host needs, with what depends on it. */
public record HostCriticality(Map<PciAddress, List<HostDependency>> dependencies) {
  public HostCriticality {
    dependencies = Map.copyOf(dependencies);
  }

  /** Nothing on the host depends on any device (an emulated bus, a test). */
  public static HostCriticality none() { return new HostCriticality(Map.of()); }

  /** What depends on this device itself. */
  public List<HostDependency> of(PciAddress a) {
    return dependencies.getOrDefault(a, List.of());
  }

  /** True when the device itself backs something of the host. */
  public boolean isCritical(PciAddress a) {
    return !of(a).isEmpty();
  }

  /**
   * What depends on the device or on any member of its IOMMU group (detaching one member takes the whole
   * group from the host), each named with the member it goes through.
   */
  public List<String> throughGroup(PciDevice d) {
    List<String> out = new ArrayList<>();
    for (PciAddress member : d.iommuGroupMembers().contains(d.address()) ? d.iommuGroupMembers()
        : List.of(d.address())) {
      for (HostDependency dep : of(member)) {
        out.add(member.equals(d.address()) ? dep.toString()
            : dep + " through IOMMU group member " + member);
      }
    }
    return out;
  }
}
