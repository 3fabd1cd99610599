package io.virtnode.node.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.virtnode.node.qemu.QmpEvents.DeviceDeleted;
import io.virtnode.node.qemu.QmpEvents.Stop;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Event routing by type, waits that keep an early event, and BLOCK_IO_ERROR typed. */
class QmpEventsTest {
  private final ObjectMapper json = new ObjectMapper();
  private final QmpEvents events = new QmpEvents();

  private QmpEvent raw(String name, String data) throws Exception {
    return new QmpEvent(name, json.readTree(data), Instant.EPOCH);
  }

  @Test
  void eventArrivingBeforeTheAwaitIsNotMissed() throws Exception {
    try (EventWait<DeviceDeleted> wait = events.expect(DeviceDeleted.class, e -> "disk-b".equals(e.device()))) {
      events.accept(raw("DEVICE_DELETED", "{\"device\":\"disk-a\",\"path\":\"/machine/peripheral/disk-a\"}"));
      events.accept(raw("DEVICE_DELETED", "{\"device\":\"disk-b\",\"path\":\"/machine/peripheral/disk-b\"}"));
      assertThat(wait.await(Duration.ofMillis(1)).path()).isEqualTo("/machine/peripheral/disk-b");
    }
  }

  @Test
  void waitWithoutItsEventTimesOutAndEndsWithTheSession() throws Exception {
    EventWait<Stop> wait = events.expect(Stop.class, e -> true);
    assertThatThrownBy(() -> wait.await(Duration.ofMillis(50))).isInstanceOf(QmpException.Timeout.class);
    EventWait<Stop> second = events.expect(Stop.class, e -> true);
    events.sessionEnded();
    assertThatThrownBy(() -> second.await(Duration.ofSeconds(30))).isInstanceOf(QmpException.Closed.class);
  }

  @Test
  void listenersGetOnlyTheirType() throws Exception {
    List<String> stops = new CopyOnWriteArrayList<>();
    List<String> all = new CopyOnWriteArrayList<>();
    events.on(Stop.class, e -> stops.add(e.raw().name()));
    events.on(QmpEvents.Event.class, e -> all.add(e.raw().name()));
    events.on(Stop.class, e -> { throw new IllegalStateException("a broken listener"); });

    events.accept(raw("STOP", "{}"));
    events.accept(raw("RESUME", "{}"));
    events.accept(raw("MIGRATION", "{\"status\":\"completed\"}"));
    events.accept(raw("SOMETHING_NEW", "{}"));

    assertThat(stops).containsExactly("STOP");
    assertThat(all).containsExactly("STOP", "RESUME", "MIGRATION", "SOMETHING_NEW");
    assertThat(QmpEvents.parse(raw("MIGRATION", "{\"status\":\"completed\"}")))
        .isEqualTo(new QmpEvents.Migration("completed", raw("MIGRATION", "{\"status\":\"completed\"}")));
  }

  @Test
  void blockIoErrorNamesTheSpecDiskByNodeName() throws Exception {
    QmpEvents.Event e = QmpEvents.parse(raw("BLOCK_IO_ERROR", "{\"device\":\"\",\"node-name\":\"disk-data\","
        + "\"operation\":\"write\",\"action\":\"stop\",\"nospace\":true,\"reason\":\"No space left on device\"}"));

    assertThat(e).isInstanceOfSatisfying(BlockIoError.class, b -> {
      assertThat(b.nodeName()).isEqualTo("disk-data");
      assertThat(b.device()).isEmpty();
      assertThat(b.operation()).isEqualTo("write");
      assertThat(b.stoppedGuest()).isTrue();
      assertThat(b.nospace()).isTrue();
      assertThat(b.reason()).isEqualTo("No space left on device");
      assertThat(b.diskName(Map.of("root", "disk-root", "data", "disk-data"))).contains("data");
      assertThat(b.diskName(Map.of("root", "disk-root"))).isEmpty();
    });
  }
}
