package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * A connected, negotiated QMP session. Every command has a timeout and checks that the QEMU process is
 * alive before it is sent; events are delivered to listeners, never dropped; EOF closes the session.
 */
public interface QmpClient extends AutoCloseable {

  /** Runs a command with the session's default timeout and returns its "return" member. */
  JsonNode execute(String command, ObjectNode arguments) throws QmpException;

  /** Runs a command and returns its "return" member; error replies become {@link QmpException.ErrorReply}. */
  JsonNode execute(String command, ObjectNode arguments, Duration timeout) throws QmpException;

  /**
   * Runs a command whose message carries fd over SCM_RIGHTS ({@code getfd}, {@code add-fd}) and returns its
   * "return" member; transports that cannot pass descriptors refuse.
   */
  default JsonNode executeWithFd(String command, ObjectNode arguments, int fd, Duration timeout)
      throws QmpException {
    throw new QmpException(command + ": this QMP transport cannot pass file descriptors");
  }

  /** Passes fd to QEMU over SCM_RIGHTS with {@code getfd}, under the given name. */
  void sendFd(String fdName, int fd) throws QmpException;

  /** Passes fd to QEMU over SCM_RIGHTS with {@code add-fd}; returns the fdset id (use /dev/fdset/N). */
  int addFd(int fd, String opaque) throws QmpException;

  /** Registers a listener for asynchronous events; called on the reader thread, so it must not block. */
  void addEventListener(Consumer<QmpEvent> listener);

  /** Registers a callback run once when the session ends (EOF, error or close). */
  void addCloseListener(Runnable listener);

  /** Pid of the process serving this monitor, when the transport can tell (SO_PEERCRED). */
  default java.util.OptionalLong peerPid() { return java.util.OptionalLong.empty(); }

  /** False once the socket reached EOF or was closed. */
  boolean isOpen();

  @Override void close();
}
