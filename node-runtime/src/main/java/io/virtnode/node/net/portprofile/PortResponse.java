package io.virtnode.node.net.portprofile;

/** IFLA_PORT_RESPONSE values (if_link.h PORT_VDP_RESPONSE_* and PORT_PROFILE_RESPONSE_*), classified. */
public final class PortResponse {
  public static final int VDP_SUCCESS = 0;
  public static final int PROFILE_SUCCESS = 0x100;
  public static final int PROFILE_INPROGRESS = 0x101;

  private PortResponse() {}

  public static boolean isSuccess(int code) { return code == VDP_SUCCESS || code == PROFILE_SUCCESS; }

  public static boolean isInProgress(int code) { return code == PROFILE_INPROGRESS; }

  /** The if_link.h name of a response code. */
  public static String name(int code) {
    return switch (code) {
      case 0 -> "PORT_VDP_RESPONSE_SUCCESS";
      case 1 -> "PORT_VDP_RESPONSE_INVALID_FORMAT";
      case 2 -> "PORT_VDP_RESPONSE_INSUFFICIENT_RESOURCES";
      case 3 -> "PORT_VDP_RESPONSE_UNUSED_VTID";
      case 4 -> "PORT_VDP_RESPONSE_VTID_VIOLATION";
      case 5 -> "PORT_VDP_RESPONSE_VTID_VERSION_VIOLATION";
      case 6 -> "PORT_VDP_RESPONSE_OUT_OF_SYNC";
      case 0x100 -> "PORT_PROFILE_RESPONSE_SUCCESS";
      case 0x101 -> "PORT_PROFILE_RESPONSE_INPROGRESS";
      case 0x102 -> "PORT_PROFILE_RESPONSE_INVALID";
      case 0x103 -> "PORT_PROFILE_RESPONSE_BADSTATE";
      case 0x104 -> "PORT_PROFILE_RESPONSE_INSUFFICIENT_RESOURCES";
      case 0x105 -> "PORT_PROFILE_RESPONSE_ERROR";
      default -> "response 0x" + Integer.toHexString(code);
    };
  }
}
