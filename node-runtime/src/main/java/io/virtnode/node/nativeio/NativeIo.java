package io.virtnode.node.nativeio;

/** Probe for the native layer: whether libc loaded on this platform, and if not, why. */
public final class NativeIo {
  private NativeIo() {}

  /** True when the libc bindings loaded (64-bit Linux). */
  public static boolean isAvailable() { return Native.LIBC != null; }

  /** Why the bindings are unavailable, or null when they are available. */
  public static Throwable unavailabilityCause() { return Native.UNAVAILABILITY_CAUSE; }
}
