package io.virtnode.node.nativeio;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * One jnr-ffi binding of libc functions on 64-bit Linux, loaded once: the library and its runtime, or,
 * when it cannot be loaded here, why (library and runtime are then null).
 */
public final class LoadedLibc<T> {
  public final T library;
  public final Runtime runtime;
  public final Throwable unavailabilityCause;

  private LoadedLibc(T library, Runtime runtime, Throwable cause) {
    this.library = library;
    this.runtime = runtime;
    this.unavailabilityCause = cause;
  }

  /** Loads the functions of type from the C library; what names the user in the refusal (e.g. "netlink"). */
  public static <T> LoadedLibc<T> load(Class<T> type, String what) {
    try {
      Platform platform = Platform.getNativePlatform();
      if (platform.getOS() != Platform.OS.LINUX || platform.addressSize() != 64) {
        throw new UnsupportedOperationException(what + " needs 64-bit Linux (struct layouts are hand-built), found "
            + platform.getOS() + " " + platform.addressSize() + "-bit");
      }
      T library = LibraryLoader.create(type).load(platform.getStandardCLibraryName());
      return new LoadedLibc<>(library, Runtime.getRuntime(library), null);
    } catch (Throwable t) {
      return new LoadedLibc<>(null, null, t);
    }
  }
}
