package io.virtnode.node.nativeio;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * A connected AF_UNIX stream socket that can pass file descriptors (SCM_RIGHTS). Reads and writes may run
 * on different threads; {@link #close()} unblocks a blocked reader and releases the fd once no call uses it.
 */
public final class UnixSocket implements AutoCloseable {
  /** sizeof(sun_path) is 108; one byte is the terminating NUL. */
  public static final int MAX_PATH_BYTES = 107;
  private static final int CMSG_LEN_INT = 16 + 4;
  private static final int CMSG_SPACE_INT = 24;
  private static final int MSGHDR_SIZE = 56;

  private final Native.LibC libc;
  private final int fd;
  private final String name;
  private final Object lock = new Object();
  private int users;
  private boolean closed;
  private boolean released;

  private UnixSocket(Native.LibC libc, int fd, String name) {
    this.libc = libc;
    this.fd = fd;
    this.name = name;
  }

  /** Connects to the socket at path; fails with {@link NativeException} (e.g. ENOENT, ECONNREFUSED). */
  public static UnixSocket connect(Path path) throws IOException {
    Native.LibC libc = Native.libc();
    String name = path.toString();
    byte[] sockaddr = sockaddrUn(path, name);
    int fd = libc.socket(Native.AF_UNIX, Native.SOCK_STREAM | Native.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw Native.failure("socket", "AF_UNIX for " + name);
    }
    while (libc.connect(fd, sockaddr, sockaddr.length) < 0) {
      int errno = Native.errno();
      if (errno != NativeException.EINTR) {
        libc.close(fd);
        throw Native.failure("connect", name, errno);
      }
    }
    return new UnixSocket(libc, fd, name);
  }

  private static byte[] sockaddrUn(Path path, String name) throws IOException {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_PATH_BYTES) {
      throw new IOException("unix socket path is " + bytes.length + " bytes, longer than the "
          + MAX_PATH_BYTES + " bytes sun_path allows: " + path);
    }
    byte[] sockaddr = new byte[2 + bytes.length + 1];
    sockaddr[0] = (byte) Native.AF_UNIX; // sa_family_t, little-endian
    System.arraycopy(bytes, 0, sockaddr, 2, bytes.length);
    return sockaddr;
  }

  /** The pid of the process on the other end, as the kernel recorded it at connect (SO_PEERCRED). */
  public long peerPid() throws IOException {
    byte[] ucred = new byte[12]; // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
    int[] len = {ucred.length};
    if (Native.libc().getsockopt(fd, Native.SOL_SOCKET, Native.SO_PEERCRED, ucred, len) != 0) {
      throw Native.failure("getsockopt(SO_PEERCRED)", name);
    }
    return java.nio.ByteBuffer.wrap(ucred).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0);
  }

  /** Blocks until at least one byte arrives; returns the count, or -1 on EOF (also after shutdown). */
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int handle = acquire();
    try {
      while (true) {
        long n = libc.read(handle, ByteBuffer.wrap(buf, off, len), len);
        if (n > 0) {
          return (int) n;
        }
        if (n == 0) {
          return -1;
        }
        int errno = Native.errno();
        if (errno != NativeException.EINTR) {
          throw Native.failure("read", name, errno);
        }
      }
    } finally {
      release();
    }
  }

  /** Writes all of data, looping over short writes (MSG_NOSIGNAL: a dead peer gives EPIPE, not SIGPIPE). */
  public void write(byte[] data) throws IOException {
    int handle = acquire();
    try {
      writeFrom(handle, data, 0);
    } finally {
      release();
    }
  }

  private void writeFrom(int handle, byte[] data, int start) throws IOException {
    int off = start;
    while (off < data.length) {
      long n = libc.send(handle, ByteBuffer.wrap(data, off, data.length - off), data.length - off,
          Native.MSG_NOSIGNAL);
      if (n >= 0) {
        off += (int) n;
        continue;
      }
      int errno = Native.errno();
      if (errno != NativeException.EINTR) {
        throw Native.failure("send", name, errno);
      }
    }
  }

  /** Sends data with fd attached as one SCM_RIGHTS control message; the rest of a short send follows plainly. */
  public void sendWithFd(byte[] data, int fdToSend) throws IOException {
    if (data.length == 0) {
      throw new IllegalArgumentException("SCM_RIGHTS needs at least one byte of data");
    }
    int handle = acquire();
    try {
      Pointer payload = Memory.allocateDirect(Native.RUNTIME, data.length);
      payload.put(0, data, 0, data.length);
      Pointer iov = Memory.allocateDirect(Native.RUNTIME, 16, true); // struct iovec {base; len}
      iov.putAddress(0, payload.address());
      iov.putLong(8, data.length);
      Pointer control = Memory.allocateDirect(Native.RUNTIME, CMSG_SPACE_INT, true);
      control.putLong(0, CMSG_LEN_INT); // cmsg_len (size_t)
      control.putInt(8, Native.SOL_SOCKET); // cmsg_level
      control.putInt(12, Native.SCM_RIGHTS); // cmsg_type
      control.putInt(16, fdToSend);
      Pointer msg = Memory.allocateDirect(Native.RUNTIME, MSGHDR_SIZE, true); // name=NULL, namelen=0
      msg.putAddress(16, iov.address()); // msg_iov
      msg.putLong(24, 1); // msg_iovlen
      msg.putAddress(32, control.address()); // msg_control
      msg.putLong(40, CMSG_SPACE_INT); // msg_controllen
      long n;
      while ((n = libc.sendmsg(handle, msg, Native.MSG_NOSIGNAL)) < 0) {
        int errno = Native.errno();
        if (errno != NativeException.EINTR) {
          throw Native.failure("sendmsg", name + " with fd " + fdToSend, errno);
        }
      }
      Reference.reachabilityFence(payload);
      Reference.reachabilityFence(iov);
      Reference.reachabilityFence(control);
      writeFrom(handle, data, (int) n);
    } finally {
      release();
    }
  }

  /** A blocking InputStream over {@link #read}; closing it closes this socket. */
  public InputStream inputStream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return UnixSocket.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return UnixSocket.this.read(b, off, len);
      }

      @Override
      public void close() { UnixSocket.this.close(); }
    };
  }

  /** shutdown(SHUT_RDWR): a blocked reader sees EOF, later writes fail; the fd stays open. */
  public void shutdown() throws IOException {
    int handle = acquire();
    try {
      if (libc.shutdown(handle, Native.SHUT_RDWR) < 0) {
        throw Native.failure("shutdown", name);
      }
    } finally {
      release();
    }
  }

  /** Shuts the socket down and closes the fd as soon as no read or write is using it; idempotent. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      libc.shutdown(fd, Native.SHUT_RDWR); // unblocks readers; errors (ENOTCONN) are irrelevant here
      releaseIfUnused();
    }
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  @Override
  public String toString() { return "UnixSocket[" + name + ", fd " + fd + "]"; }

  private int acquire() throws IOException {
    synchronized (lock) {
      if (closed) {
        throw new IOException("socket " + name + " is closed");
      }
      users++;
      return fd;
    }
  }

  private void release() {
    synchronized (lock) {
      users--;
      releaseIfUnused();
    }
  }

  private void releaseIfUnused() {
    if (closed && users == 0 && !released) {
      released = true;
      libc.close(fd);
    }
  }
}
