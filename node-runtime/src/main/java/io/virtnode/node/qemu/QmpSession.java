package io.virtnode.node.qemu;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Typed use of one {@link QmpClient}: commands as {@link QmpCommand} records, events routed by type through
 * one {@link QmpEvents} router, and waits for events that cannot miss an event arriving before the wait
 * (subscribe with {@link #expect} before sending the command that causes it).
 */
public final class QmpSession {
  private final QmpClient client;
  private final QmpEvents events;
  private final Duration defaultTimeout;

  /** Wraps client and attaches a new event router to it. */
  public QmpSession(QmpClient client, Duration defaultTimeout) {
    this.client = client;
    this.defaultTimeout = defaultTimeout;
    this.events = new QmpEvents();
    client.addEventListener(events);
    client.addCloseListener(events::sessionEnded);
  }

  /** The untyped client, for callers not yet ported. */
  public QmpClient client() { return client; }

  /** The event router of this session: listeners by event type. */
  public QmpEvents events() { return events; }

  /** Runs a typed command with the session's default timeout. */
  public <R> R run(QmpCommand<R> command) throws QmpException {
    return run(command, defaultTimeout);
  }

  /** Runs a typed command; error replies become {@link QmpException.ErrorReply}. */
  public <R> R run(QmpCommand<R> command, Duration timeout) throws QmpException {
    JsonNode ret = command.passedFd() >= 0
        ? client.executeWithFd(command.name(), command.arguments(), command.passedFd(), timeout)
        : client.execute(command.name(), command.arguments(), timeout);
    return command.parse(ret);
  }

  /** Starts listening for the first event of type matching filter; await it after sending the command. */
  public <E extends QmpEvents.Event> EventWait<E> expect(Class<E> type, Predicate<? super E> filter) {
    return events.expect(type, filter);
  }

  /**
   * Runs command and waits for the first event of type matching filter, subscribed before the command is
   * sent; throws QmpException.Timeout when none arrives within eventTimeout.
   */
  public <E extends QmpEvents.Event> E runAndAwait(QmpCommand<?> command, Class<E> type,
      Predicate<? super E> filter, Duration eventTimeout) throws QmpException {
    try (EventWait<E> wait = expect(type, filter)) {
      run(command);
      return wait.await(eventTimeout);
    }
  }
}
