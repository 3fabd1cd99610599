package io.virtnode.node.qemu;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.InputStream;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reader loop of one QMP session: parses the stream of JSON objects and dispatches each in order. */
final class QmpReader implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(QmpReader.class);

  private final InputStream in;
  private final UnixQmpClient client;

  QmpReader(InputStream in, UnixQmpClient client) {
    this.in = in;
    this.client = client;
  }

  @Override
  public void run() {
    String reason = "EOF from QEMU";
    Throwable cause = null;
    try (JsonParser parser = UnixQmpClient.MAPPER.createParser(in);
        MappingIterator<JsonNode> messages = UnixQmpClient.MAPPER.readerFor(JsonNode.class).readValues(parser)) {
      while (client.isOpen() && messages.hasNextValue()) {
        dispatch(messages.nextValue());
      }
    } catch (Exception | Error e) {
      reason = client.isOpen() ? "read failed: " + e.getMessage() : "closed by the client";
      cause = e;
    } finally {
      client.sessionEnded(reason, cause);
    }
  }

  private void dispatch(JsonNode message) {
    log.debug("QMP {} <- {}", client.path(), message);
    if (message.has("event")) {
      client.onEvent(toEvent(message));
    } else if (message.has("return") || message.has("error")) {
      client.onReply(message);
    } else if (message.has("QMP")) {
      client.onGreeting(message);
    } else {
      log.warn("QMP {} ignoring unrecognised message {}", client.path(), message);
    }
  }

  /** Builds the event; a missing data member becomes an empty object, a missing timestamp the epoch. */
  static QmpEvent toEvent(JsonNode message) {
    JsonNode data = message.get("data");
    JsonNode ts = message.get("timestamp");
    Instant at = ts == null ? Instant.EPOCH
        : Instant.ofEpochSecond(ts.path("seconds").asLong(), ts.path("microseconds").asLong() * 1000);
    return new QmpEvent(message.get("event").asText(), data == null ? UnixQmpClient.MAPPER.createObjectNode() : data, at);
  }
}
