package io.virtnode.node.cgroup;

import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link DeviceAcl} into a BPF_PROG_TYPE_CGROUP_DEVICE program (as runc's devicefilter and
 * systemd's bpf-devices do): return 1 when some rule matches type, major, minor and covers the access.
 */
public final class DeviceFilterCompiler {
  /** struct bpf_cgroup_dev_ctx { u32 access_type; u32 major; u32 minor; } */
  static final int CTX_ACCESS_TYPE = 0;
  static final int CTX_MAJOR = 4;
  static final int CTX_MINOR = 8;
  /** BPF_DEVCG_DEV_BLOCK / BPF_DEVCG_DEV_CHAR in the low 16 bits of access_type. */
  static final int DEV_BLOCK = 1;
  static final int DEV_CHAR = 2;
  // registers: r1 = ctx on entry; r2 = type, r3 = access, r4 = major, r5 = minor; r1 scratch afterwards
  private static final int R0 = 0;
  private static final int R1 = 1;
  private static final int R2 = 2;
  private static final int R3 = 3;
  private static final int R4 = 4;
  private static final int R5 = 5;

  private DeviceFilterCompiler() {}

  /** The program's instructions. */
  static List<BpfInsn> compile(DeviceAcl acl) {
    List<BpfInsn> out = new ArrayList<>();
    out.add(BpfInsn.loadWord(R2, R1, CTX_ACCESS_TYPE));
    out.add(BpfInsn.and32(R2, 0xffff));
    out.add(BpfInsn.loadWord(R3, R1, CTX_ACCESS_TYPE));
    out.add(BpfInsn.rsh32(R3, 16));
    out.add(BpfInsn.loadWord(R4, R1, CTX_MAJOR));
    out.add(BpfInsn.loadWord(R5, R1, CTX_MINOR));
    for (DeviceRule rule : acl.rules()) {
      out.addAll(ruleBlock(rule));
    }
    out.add(BpfInsn.mov32(R0, 0)); // no rule matched: deny
    out.add(BpfInsn.exit());
    return out;
  }

  /** The program as bytes for bpf(BPF_PROG_LOAD). */
  public static byte[] bytecode(DeviceAcl acl) { return BpfInsn.encode(compile(acl)); }

  /** Checks that fall through on a match and jump past the block (to the next rule) otherwise. */
  private static List<BpfInsn> ruleBlock(DeviceRule rule) {
    List<BpfInsn> block = new ArrayList<>();
    if (rule.type() != DeviceRule.Type.ALL) {
      block.add(BpfInsn.jneImm(R2, rule.type() == DeviceRule.Type.BLOCK ? DEV_BLOCK : DEV_CHAR, 0));
    }
    if (rule.access() != DeviceRule.RWM) {
      // requested access must be a subset of the rule's: (access & ruleAccess) == access
      block.add(BpfInsn.mov32Reg(R1, R3));
      block.add(BpfInsn.and32(R1, rule.access()));
      block.add(BpfInsn.jneReg(R1, R3, 0));
    }
    if (rule.major() != DeviceRule.ANY) {
      block.add(BpfInsn.jneImm(R4, rule.major(), 0));
    }
    if (rule.minor() != DeviceRule.ANY) {
      block.add(BpfInsn.jneImm(R5, rule.minor(), 0));
    }
    block.add(BpfInsn.mov32(R0, 1));
    block.add(BpfInsn.exit());
    for (int i = 0; i < block.size(); i++) {
      BpfInsn insn = block.get(i);
      if ((insn.opcode() & 0x07) == BpfInsn.BPF_JMP && insn.opcode() != (BpfInsn.BPF_JMP | BpfInsn.BPF_EXIT)) {
        block.set(i, insn.withOff(block.size() - 1 - i)); // land on the first insn after this block
      }
    }
    return block;
  }
}
