package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A guest NIC; Direct: backed by a macvtap on a network device of the node. Can be hot-plugged and unplugged. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.allowedIPs) || has(self.filter)",
    message = "allowedIPs needs a filter (filter: CleanTraffic) to take effect")
public class Interface {
  @JsonPropertyDescription("Interface name, unique in the VM (DNS label).")
  @Required @Pattern(Bounds.DNS_LABEL_PATTERN) @Size(max = Bounds.DNS_LABEL)
  public String name;

  @JsonPropertyDescription("How the interface reaches the network; Direct: a macvtap on link.")
  @Default("Direct")
  public InterfaceType type = InterfaceType.Direct;

  @JsonPropertyDescription("Network device of the node the macvtap sits on, e.g. eth0 or bond0.10 (at most 15"
      + " printable ASCII characters, no '/', ':' or spaces).")
  @Required @Pattern(Bounds.LINK_NAME_PATTERN) @Size(max = Bounds.LINK_NAME)
  @ValidationRule(value = "self != '.' && self != '..'", message = "link cannot be . or ..")
  public String link;

  @JsonPropertyDescription("macvtap mode: Vepa (frames go through the adjacent switch), Bridge (macvtaps of the"
      + " link switch locally), Private (isolated from each other) or Passthrough (the whole link, one interface).")
  @Default("Vepa")
  public DirectMode mode = DirectMode.Vepa;

  @JsonPropertyDescription("Guest MAC address, lower-case aa:bb:cc:dd:ee:ff, unicast; when absent a locally"
      + " administered one is derived stably from the VM's uid and the interface name.")
  @Pattern(Bounds.MAC_PATTERN) @Size(max = Bounds.MAC)
  @ValidationRule(value = "!self.matches('^[0-9a-f][13579bdf]')",
      message = "macAddress must be unicast: the lowest bit of the first octet (multicast) must be 0")
  @ValidationRule(value = "self != '00:00:00:00:00:00'", message = "macAddress cannot be all zeros")
  public String macAddress;

  @JsonPropertyDescription("Guest NIC model: virtio, e1000 or rtl8139.")
  @Default("virtio")
  public NicModel model = NicModel.virtio;

  @JsonPropertyDescription("Name of the cluster-scoped PortProfile (802.1Qbg or 802.1Qbh) to associate the port"
      + " with.")
  @Pattern(Bounds.DNS_SUBDOMAIN_PATTERN) @Size(max = Bounds.DNS_SUBDOMAIN)
  public String portProfileRef;

  @JsonPropertyDescription("Traffic filter on the interface; CleanTraffic drops spoofed MAC, IP, ARP and IPv6"
      + " neighbour-discovery traffic and lets DHCP out.")
  public TrafficFilter filter;

  @JsonPropertyDescription("Addresses or prefixes (IPv4 or IPv6, e.g. 192.0.2.10 or 2001:db8::/64) the guest may"
      + " send from behind the filter; needs filter.")
  @Size(max = Bounds.ALLOWED_IPS)
  public List<@Pattern(Bounds.IP_OR_CIDR_PATTERN) @Size(max = Bounds.IP_OR_CIDR) String> allowedIPs;
}
