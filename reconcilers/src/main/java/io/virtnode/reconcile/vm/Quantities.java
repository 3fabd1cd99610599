package io.virtnode.reconcile.vm;

/** Parses the Mi/Gi sizes the schema admits. */
final class Quantities {
  private Quantities() {}

  static long mebibytes(String q) {
    if (q.endsWith("Gi")) return Math.multiplyExact(Long.parseLong(q.substring(0, q.length() - 2)), 1024L);
    if (q.endsWith("Mi")) return Long.parseLong(q.substring(0, q.length() - 2));
    throw new IllegalArgumentException("not a Mi/Gi quantity: " + q);
  }

  static long bytes(String q) {
    return Math.multiplyExact(mebibytes(q), 1024L * 1024L);
  }
}
