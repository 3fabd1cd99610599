package io.virtnode.node.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Instruction encoding of the generated device filter, checked byte by byte against hand-assembled eBPF. */
class DeviceFilterCompilerTest {
  private static final String PROLOGUE = ""
      + "6112000000000000" // r2 = *(u32 *)(r1 + 0)   access_type
      + "54020000ffff0000" // w2 &= 0xffff             device type
      + "6113000000000000" // r3 = *(u32 *)(r1 + 0)
      + "7403000010000000" // w3 >>= 16                access bits
      + "6114040000000000" // r4 = *(u32 *)(r1 + 4)   major
      + "6115080000000000"; // r5 = *(u32 *)(r1 + 8)  minor
  private static final String DENY = "b400000000000000" + "9500000000000000"; // w0 = 0; exit

  private static String hex(DeviceAcl acl) { return HexFormat.of().formatHex(DeviceFilterCompiler.bytecode(acl)); }

  @Test
  void emptyAclDeniesEverything() {
    assertThat(hex(DeviceAcl.empty())).isEqualTo(PROLOGUE + DENY);
  }

  @Test
  void exactCharRuleChecksTypeAccessMajorMinor() {
    String rule = ""
        + "5502070002000000" // if r2 != 2 (char) goto +7
        + "bc31000000000000" // w1 = w3
        + "5401000006000000" // w1 &= 6 (rw)
        + "5d31040000000000" // if r1 != r3 goto +4
        + "5504030001000000" // if r4 != 1 goto +3
        + "5505020003000000" // if r5 != 3 goto +2
        + "b400000001000000" // w0 = 1
        + "9500000000000000"; // exit
    assertThat(hex(DeviceAcl.of(DeviceRule.chr(1, 3, "rw")))).isEqualTo(PROLOGUE + rule + DENY);
  }

  @Test
  void wildcardMinorAndFullAccessSkipThoseChecks() {
    String rule = ""
        + "5502030001000000" // if r2 != 1 (block) goto +3
        + "5504020007000000" // if r4 != 7 goto +2
        + "b400000001000000"
        + "9500000000000000";
    assertThat(hex(DeviceAcl.of(DeviceRule.block(7, DeviceRule.ANY, "rwm")))).isEqualTo(PROLOGUE + rule + DENY);
  }

  @Test
  void allDevicesRuleIsUnconditionalAllow() {
    assertThat(hex(DeviceAcl.of(DeviceRule.all())))
        .isEqualTo(PROLOGUE + "b400000001000000" + "9500000000000000" + DENY);
  }

  @Test
  void rulesAreTriedInOrderEachJumpingToTheNext() {
    List<BpfInsn> program = DeviceFilterCompiler.compile(
        DeviceAcl.of(DeviceRule.chr(136, DeviceRule.ANY, "rw"), DeviceRule.block(7, 0, "r")));
    // prologue 6, block rule 7 insns (type, access x3, major, minor, mov, exit = 8), char rule 7, deny 2
    assertThat(program).hasSize(6 + 8 + 7 + 2);
    BpfInsn firstJump = program.get(6);
    assertThat(firstJump.imm()).isEqualTo(DeviceFilterCompiler.DEV_BLOCK);
    assertThat(6 + 1 + firstJump.off()).as("jump lands on the next rule's first insn").isEqualTo(14);
    assertThat(program.get(14).imm()).isEqualTo(DeviceFilterCompiler.DEV_CHAR);
    assertThat(14 + 1 + program.get(14).off()).as("last rule falls to the deny").isEqualTo(21);
  }
}
