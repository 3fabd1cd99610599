package io.virtnode.node.qemu;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One pending wait for a QMP event, registered before the command that causes it so an early event is
 * kept. Completed by the first matching event; failed with {@link QmpException.Closed} when the session ends.
 */
public final class EventWait<E extends QmpEvents.Event> implements AutoCloseable {
  private final Class<E> type;
  private final Predicate<? super E> filter;
  private final Consumer<EventWait<?>> onClose;
  private final CompletableFuture<E> result = new CompletableFuture<>();

  EventWait(Class<E> type, Predicate<? super E> filter, Consumer<EventWait<?>> onClose) {
    this.type = type;
    this.filter = filter;
    this.onClose = onClose;
  }

  void offer(QmpEvents.Event event) {
    if (!result.isDone() && type.isInstance(event) && filter.test(type.cast(event))) {
      result.complete(type.cast(event));
    }
  }

  void sessionEnded() {
    result.completeExceptionally(new QmpException.Closed("QMP session ended while waiting for "
        + type.getSimpleName()));
  }

  /** Whether the event arrived already. */
  public boolean arrived() { return result.isDone() && !result.isCompletedExceptionally(); }

  /** The matching event, waiting at most timeout; Timeout when none came, Closed when the session ended. */
  public E await(Duration timeout) throws QmpException {
    try {
      return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new QmpException.Timeout("waiting for event " + type.getSimpleName(), timeout);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof QmpException q ? q : new QmpException("waiting for an event", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QmpException("interrupted waiting for event " + type.getSimpleName(), e);
    } finally {
      close();
    }
  }

  /** Stops listening. */
  @Override public void close() { onClose.accept(this); }
}
