package io.virtnode.node.cgroup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** One eBPF instruction (opcode, dst, src, off, imm) and the few constructors the device filter uses. */
record BpfInsn(int opcode, int dst, int src, int off, int imm) {
  // instruction classes, ops, sources, sizes (linux/bpf_common.h, linux/bpf.h)
  static final int BPF_LDX = 0x01;
  static final int BPF_ALU = 0x04;
  static final int BPF_JMP = 0x05;
  static final int BPF_W = 0x00;
  static final int BPF_MEM = 0x60;
  static final int BPF_K = 0x00;
  static final int BPF_X = 0x08;
  static final int BPF_AND = 0x50;
  static final int BPF_RSH = 0x70;
  static final int BPF_MOV = 0xb0;
  static final int BPF_JNE = 0x50;
  static final int BPF_EXIT = 0x90;

  BpfInsn {
    if (dst < 0 || dst > 10 || src < 0 || src > 10 || off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
      throw new IllegalArgumentException("bad eBPF operands: r" + dst + ", r" + src + ", off " + off);
    }
  }

  /** dst = *(u32 *)(src + off) */
  static BpfInsn loadWord(int dst, int src, int off) {
    return new BpfInsn(BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0);
  }

  /** dst = (u32) dst & imm */
  static BpfInsn and32(int dst, int imm) { return new BpfInsn(BPF_ALU | BPF_AND | BPF_K, dst, 0, 0, imm); }

  /** dst = (u32) dst >> imm */
  static BpfInsn rsh32(int dst, int imm) { return new BpfInsn(BPF_ALU | BPF_RSH | BPF_K, dst, 0, 0, imm); }

  /** dst = (u32) imm */
  static BpfInsn mov32(int dst, int imm) { return new BpfInsn(BPF_ALU | BPF_MOV | BPF_K, dst, 0, 0, imm); }

  /** dst = (u32) src */
  static BpfInsn mov32Reg(int dst, int src) { return new BpfInsn(BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0); }

  /** if dst != imm goto pc + 1 + off */
  static BpfInsn jneImm(int dst, int imm, int off) { return new BpfInsn(BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm); }

  /** if dst != src goto pc + 1 + off */
  static BpfInsn jneReg(int dst, int src, int off) { return new BpfInsn(BPF_JMP | BPF_JNE | BPF_X, dst, src, off, 0); }

  /** return r0 */
  static BpfInsn exit() { return new BpfInsn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

  /** The same jump with its offset set (offsets are known only once a rule's block is complete). */
  BpfInsn withOff(int newOff) { return new BpfInsn(opcode, dst, src, newOff, imm); }

  /** The kernel's struct bpf_insn, little-endian: u8 code, u8 dst:4|src:4, s16 off, s32 imm. */
  void encode(ByteBuffer out) {
    out.put((byte) opcode);
    out.put((byte) ((src << 4) | dst));
    out.putShort((short) off);
    out.putInt(imm);
  }

  static byte[] encode(List<BpfInsn> program) {
    ByteBuffer out = ByteBuffer.allocate(program.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
    program.forEach(i -> i.encode(out));
    return out.array();
  }
}
