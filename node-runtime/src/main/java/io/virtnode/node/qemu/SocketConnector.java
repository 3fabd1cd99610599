package io.virtnode.node.qemu;

import io.virtnode.node.nativeio.NativeException;
import io.virtnode.node.nativeio.UnixSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Connects to a QMP socket QEMU is about to create: retries on ENOENT/ECONNREFUSED with backoff, no sleeping. */
final class SocketConnector {
  private static final long FIRST_DELAY_MS = 5;
  private static final long MAX_DELAY_MS = 10; // QEMU makes its socket ~40 ms after exec: poll tightly

  private final Path path;
  private final BooleanSupplier processAlive;
  private final CompletableFuture<UnixSocket> result = new CompletableFuture<>();
  private volatile IOException lastError;

  private SocketConnector(Path path, BooleanSupplier processAlive) {
    this.path = path;
    this.processAlive = processAlive;
  }

  /** Blocks until connected, the process is gone (Closed) or the timeout passes (Timeout). */
  static UnixSocket await(Path path, BooleanSupplier processAlive, Duration timeout) throws QmpException {
    SocketConnector connector = new SocketConnector(path, processAlive);
    connector.attempt(FIRST_DELAY_MS);
    try {
      return connector.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      connector.result.cancel(false);
      connector.result.thenAccept(UnixSocket::close); // a connect racing the timeout is not leaked
      IOException last = connector.lastError;
      throw new QmpException.Timeout("connect to QMP socket " + path
          + (last == null ? "" : " (last error: " + last.getMessage() + ")"), timeout);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof QmpException q ? q
          : new QmpException("connect to QMP socket " + path + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      connector.result.cancel(false);
      Thread.currentThread().interrupt();
      throw new QmpException("interrupted connecting to QMP socket " + path, e);
    }
  }

  private void attempt(long nextDelayMs) {
    if (result.isDone()) {
      return;
    }
    if (!processAlive.getAsBoolean()) {
      result.completeExceptionally(new QmpException.Closed(
          "QEMU process exited before its QMP socket " + path + " accepted a connection"
              + (lastError == null ? "" : " (last error: " + lastError.getMessage() + ")")));
      return;
    }
    try {
      UnixSocket socket = UnixSocket.connect(path);
      if (!result.complete(socket)) {
        socket.close(); // gave up meanwhile
      }
    } catch (NativeException e) {
      if (e.errno() != NativeException.ENOENT && e.errno() != NativeException.ECONNREFUSED) {
        result.completeExceptionally(new QmpException("connect to QMP socket " + path + " failed: " + e.getMessage(), e));
        return;
      }
      lastError = e;
      Executor later = CompletableFuture.delayedExecutor(nextDelayMs, TimeUnit.MILLISECONDS);
      later.execute(() -> attempt(Math.min(nextDelayMs * 2, MAX_DELAY_MS)));
    } catch (IOException | RuntimeException e) {
      result.completeExceptionally(new QmpException("connect to QMP socket " + path + " failed: " + e.getMessage(), e));
    }
  }
}
