package io.virtnode.node.nativeio.netlink;

/** Numbers from the kernel's netlink.h, rtnetlink.h and if_link.h that this package speaks. */
public final class Rtnl {
  private Rtnl() {}

  // netlink.h
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_DUMP = 0x300;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;

  // rtnetlink.h
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_SETLINK = 19;
  public static final int AF_UNSPEC = 0;
  public static final int IFINFOMSG_SIZE = 16;
  public static final int RTEXT_FILTER_VF = 1;

  // if.h
  public static final int IFF_UP = 0x1;

  // if_link.h: IFLA_*
  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_VFINFO_LIST = 22;
  public static final int IFLA_VF_PORTS = 24;
  public static final int IFLA_PORT_SELF = 25;
  public static final int IFLA_EXT_MASK = 29;
  public static final int IFLA_LINK_NETNSID = 37;

  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;

  public static final int IFLA_MACVLAN_MODE = 1;
  public static final int MACVLAN_MODE_PRIVATE = 1;
  public static final int MACVLAN_MODE_VEPA = 2;
  public static final int MACVLAN_MODE_BRIDGE = 4;
  public static final int MACVLAN_MODE_PASSTHRU = 8;

  public static final int IFLA_VLAN_ID = 1;

  public static final int IFLA_VF_INFO = 1;
  public static final int IFLA_VF_MAC = 1;
  public static final int IFLA_VF_VLAN = 2;

  public static final int IFLA_VF_PORT = 1;
  public static final int IFLA_PORT_VF = 1;
  public static final int IFLA_PORT_PROFILE = 2;
  public static final int IFLA_PORT_VSI_TYPE = 3;
  public static final int IFLA_PORT_INSTANCE_UUID = 4;
  public static final int IFLA_PORT_HOST_UUID = 5;
  public static final int IFLA_PORT_REQUEST = 6;
  public static final int IFLA_PORT_RESPONSE = 7;

  public static final int PORT_REQUEST_PREASSOCIATE = 0;
  public static final int PORT_REQUEST_PREASSOCIATE_RR = 1;
  public static final int PORT_REQUEST_ASSOCIATE = 2;
  public static final int PORT_REQUEST_DISASSOCIATE = 3;

  /** Operstate values (IF_OPER_*), index = value. */
  static final String[] OPER_STATES = {"unknown", "notpresent", "down", "lowerlayerdown", "testing", "dormant", "up"};

  /** The name of an RTM_* type, for error messages. */
  public static String typeName(int type) {
    return switch (type) {
      case RTM_NEWLINK -> "RTM_NEWLINK";
      case RTM_DELLINK -> "RTM_DELLINK";
      case RTM_GETLINK -> "RTM_GETLINK";
      case RTM_SETLINK -> "RTM_SETLINK";
      default -> "message type " + type;
    };
  }
}
