package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A typed QMP command: its name, its arguments and how its "return" member becomes a reply value.
 * Commands live in {@link Qmp}; run them with {@link QmpSession#run}.
 *
 * @param <R> the reply type ({@link Qmp.Done} for commands that return an empty object)
 */
public interface QmpCommand<R> {

  /** The QMP command name, e.g. "device_add". */
  String name();

  /** The "arguments" member, or null for none. */
  ObjectNode arguments();

  /** Turns the "return" member into the reply; throws QmpException on a reply of the wrong shape. */
  R parse(JsonNode ret) throws QmpException;

  /** A descriptor to send with the command over SCM_RIGHTS ({@code getfd}, {@code add-fd}), or -1. */
  default int passedFd() { return -1; }
}
