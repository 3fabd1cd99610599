package io.virtnode.node.net.portprofile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.nativeio.netlink.Message;
import io.virtnode.node.nativeio.netlink.MessageBuilder;
import io.virtnode.node.nativeio.netlink.Rtnl;
import io.virtnode.node.net.MacAddress;
import io.virtnode.node.net.portprofile.PortProfileMessages.QbgFraming;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The 802.1Qbg/Qbh requests byte for byte, against layouts assembled by hand from if_link.h: struct nlmsghdr
 * (16), struct ifinfomsg (16), struct rtattr {u16 len; u16 type} padded to 4, struct ifla_vf_mac {u32 vf; u8
 * mac[32]}, struct ifla_vf_vlan {u32 vf, vlan, qos}, struct ifla_port_vsi {u8 mgr; u8 type[3]; u8 ver; u8 pad[3]}.
 */
class PortProfileMessagesTest {
  private static final UUID INSTANCE = UUID.fromString("11111111-2222-3333-4444-555555555555");
  private static final UUID HOST = UUID.fromString("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
  private static final int SEQ = 0x01020304;
  private static final int PID = 0x0a0b0c0d;

  @Test
  void qbhOnAVirtualFunctionMatchesIfLinkH() {
    byte[] actual = PortProfileMessages.qbh(7, 3, "prof1", INSTANCE, HOST, PortRequest.ASSOCIATE).build(SEQ, PID);
    assertThat(hex(actual)).isEqualTo(hex(
        "6c000000 1300 0000 04030201 0d0c0b0a",        // nlmsghdr: len 108, RTM_SETLINK, seq, pid
        "00 00 0000 07000000 00000000 00000000",       // ifinfomsg: AF_UNSPEC, ifindex 7
        "4c00 1800",                                   // IFLA_VF_PORTS (24), 76 bytes
        "4800 0100",                                   //   IFLA_VF_PORT (1), 72 bytes
        "0a00 0200 70726f663100 0000",                 //     IFLA_PORT_PROFILE "prof1\0" + pad
        "1400 0400 11111111222233334444555555555555",  //     IFLA_PORT_INSTANCE_UUID
        "1400 0500 aaaaaaaabbbbccccddddeeeeeeeeeeee",  //     IFLA_PORT_HOST_UUID
        "0800 0100 03000000",                          //     IFLA_PORT_VF 3
        "0500 0600 02 000000"));                       //     IFLA_PORT_REQUEST ASSOCIATE + pad
  }

  @Test
  void qbhOnThePortItselfUsesPortSelfWithoutAVf() {
    byte[] actual = PortProfileMessages.qbh(7, PortProfileMessages.PORT_SELF_VF, "prof1", INSTANCE, HOST,
        PortRequest.PREASSOCIATE_RR).build(SEQ, PID);
    assertThat(hex(actual)).isEqualTo(hex(
        "60000000 1300 0000 04030201 0d0c0b0a",        // len 96
        "00 00 0000 07000000 00000000 00000000",
        "4000 1900",                                   // IFLA_PORT_SELF (25), 64 bytes
        "0a00 0200 70726f663100 0000",
        "1400 0400 11111111222233334444555555555555",
        "1400 0500 aaaaaaaabbbbccccddddeeeeeeeeeeee",
        "0500 0600 01 000000"));                       // PREASSOCIATE_RR
  }

  @Test
  void qbgAsLldpadParsesItMatchesIfLinkH() {
    byte[] actual = qbg(QbgFraming.VF_PORTS).build(SEQ, PID);
    assertThat(hex(actual)).isEqualTo(hex(
        "9c000000 1300 0000 04030201 0d0c0b0a",        // len 156
        "00 00 0000 05000000 00000000 00000000",       // ifindex 5
        "0900 0300 6574683000 000000",                 // IFLA_IFNAME "eth0\0" + pad
        "4000 1600",                                   // IFLA_VFINFO_LIST (22), 64 bytes
        "3c00 0100",                                   //   IFLA_VF_INFO (1), 60 bytes
        "2800 0100 ffffffff 020000000051" + "00".repeat(26), // IFLA_VF_MAC: vf PORT_SELF_VF, mac[32]
        "1000 0200 ffffffff 64000000 00000000",        //     IFLA_VF_VLAN: vf, vlan 100, qos 0
        "3000 1800",                                   // IFLA_VF_PORTS (24), 48 bytes
        "2c00 0100",                                   //   IFLA_VF_PORT, 44 bytes
        "0c00 0300 12 785634 9a 000000",               //     IFLA_PORT_VSI_TYPE mgr 0x12 type 0x345678 ver 0x9a
        "1400 0400 11111111222233334444555555555555",  //     IFLA_PORT_INSTANCE_UUID
        "0500 0600 00 000000"));                       //     IFLA_PORT_REQUEST PREASSOCIATE
  }

  @Test
  void qbgWithPortSelfFramingMatchesIfLinkH() {
    byte[] actual = qbg(QbgFraming.PORT_SELF).build(SEQ, PID);
    assertThat(hex(actual)).isEqualTo(hex(
        "98000000 1300 0000 04030201 0d0c0b0a",        // len 152
        "00 00 0000 05000000 00000000 00000000",
        "0900 0300 6574683000 000000",
        "4000 1600",
        "3c00 0100",
        "2800 0100 ffffffff 020000000051" + "00".repeat(26),
        "1000 0200 ffffffff 64000000 00000000",
        "2c00 1900",                                   // IFLA_PORT_SELF (25), 44 bytes
        "0c00 0300 12 785634 9a 000000",
        "1400 0400 11111111222233334444555555555555",
        "0500 0600 00 000000"));
  }

  @Test
  void qbgWithoutVlanCarriesOnlyTheMac() {
    byte[] actual = PortProfileMessages.qbg(QbgFraming.VF_PORTS, 5, "eth0", MacAddress.parse("02:00:00:00:00:51"),
        OptionalInt.empty(), new VsiType(1, 2, 3), INSTANCE, PortRequest.DISASSOCIATE).build(SEQ, PID);
    assertThat(hex(actual)).contains(hex("3000 1600", "2c00 0100", "2800 0100 ffffffff 020000000051"));
    assertThat(hex(actual)).doesNotContain(hex("1000 0200 ffffffff"));
  }

  @Test
  void responsesAreFoundByInstanceOrVf() {
    MessageBuilder answer = MessageBuilder.of(Rtnl.RTM_NEWLINK, 0).ifinfomsg(0, 0, 5, 0, 0)
        .begin(Rtnl.IFLA_VF_PORTS)
        .begin(Rtnl.IFLA_VF_PORT).u32(Rtnl.IFLA_PORT_VF, 1).u16(Rtnl.IFLA_PORT_RESPONSE, 0x105).end()
        .begin(Rtnl.IFLA_VF_PORT).attr(Rtnl.IFLA_PORT_INSTANCE_UUID, PortProfileMessages.uuid(INSTANCE))
        .u16(Rtnl.IFLA_PORT_RESPONSE, 0x101).end()
        .end()
        .begin(Rtnl.IFLA_PORT_SELF).u16(Rtnl.IFLA_PORT_RESPONSE, 0x100).end();
    byte[] bytes = answer.build(1, 0);
    Message m = new Message(Rtnl.RTM_NEWLINK, 0, 1, 0, java.util.Arrays.copyOfRange(bytes, 16, bytes.length));
    assertThat(PortProfileMessages.response(m, Optional.of(INSTANCE), 0)).hasValue(0x101);
    assertThat(PortProfileMessages.response(m, Optional.empty(), 1)).hasValue(0x105);
    assertThat(PortProfileMessages.response(m, Optional.empty(), PortProfileMessages.PORT_SELF_VF)).hasValue(0x100);
    assertThat(PortProfileMessages.response(m, Optional.of(HOST), 0)).isEmpty();
    assertThat(PortResponse.name(0x105)).isEqualTo("PORT_PROFILE_RESPONSE_ERROR");
  }

  @Test
  void fieldsOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new VsiType(256, 0, 0)).hasMessageContaining("managerId 256 is outside 0-255");
    assertThatThrownBy(() -> new VsiType(0, 0x1000000, 0)).hasMessageContaining("typeId 16777216 is outside 0-16777215 (0xffffff)");
    assertThat(VsiType.number("typeId", "0x345678")).isEqualTo(0x345678);
    assertThat(VsiType.number("typeId", "3430008")).isEqualTo(3430008);
    assertThatThrownBy(() -> VsiType.number("typeId", "12a")).hasMessageContaining("neither a decimal nor a 0x-hexadecimal");
    assertThatThrownBy(() -> PortProfileMessages.qbh(1, 0, "x".repeat(40), INSTANCE, HOST, PortRequest.ASSOCIATE))
        .hasMessageContaining("must be 1-39 bytes");
  }

  private static MessageBuilder qbg(QbgFraming framing) {
    return PortProfileMessages.qbg(framing, 5, "eth0", MacAddress.parse("02:00:00:00:00:51"), OptionalInt.of(100),
        new VsiType(0x12, 0x345678, 0x9a), INSTANCE, PortRequest.PREASSOCIATE);
  }

  private static String hex(byte[] bytes) { return HexFormat.of().formatHex(bytes); }

  private static String hex(String... parts) { return String.join("", parts).replace(" ", ""); }
}
