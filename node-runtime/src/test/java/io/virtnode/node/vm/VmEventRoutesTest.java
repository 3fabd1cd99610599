package io.virtnode.node.vm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.virtnode.node.qemu.QmpClient;
import io.virtnode.node.qemu.QmpEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A VM's QMP events routed by type: run-state changes reconcile, I/O errors are kept, the rest is quiet. */
class VmEventRoutesTest {
  private final List<Consumer<QmpEvent>> listeners = new ArrayList<>();
  private final VmHandle handle = new VmHandle(new VmIdentity("u", "ns", "n"), null, new EventsOnly());
  private int changes;

  VmEventRoutesTest() {
    VmEventRoutes.route(handle, handle.session(Duration.ofSeconds(1)), () -> changes++);
  }

  private void send(String name, String data) throws Exception {
    JsonNode d = new ObjectMapper().readTree(data);
    listeners.forEach(l -> l.accept(new QmpEvent(name, d, Instant.EPOCH)));
  }

  @Test void runStateEventsReconcileAndOthersDoNot() throws Exception {
    send("STOP", "{}");
    send("SHUTDOWN", "{\"guest\":true,\"reason\":\"guest-shutdown\"}");
    send("DEVICE_DELETED", "{\"device\":\"disk-data\"}");
    send("RTC_CHANGE", "{\"offset\":1}");
    send("RESUME", "{}");

    assertThat(changes).isEqualTo(2);
  }

  @Test void aBlockIoErrorIsKeptByNodeUntilTheCpusResume() throws Exception {
    send("BLOCK_IO_ERROR", "{\"device\":\"\",\"node-name\":\"disk-data\",\"operation\":\"write\",\"action\":\"stop\","
        + "\"nospace\":true,\"reason\":\"No space left on device\"}");

    assertThat(changes).isEqualTo(1);
    assertThat(handle.diskErrors()).singleElement().satisfies(e -> {
      assertThat(e.nodeName()).isEqualTo("disk-data");
      assertThat(e.stoppedGuest()).isTrue();
      assertThat(e.reason()).isEqualTo("No space left on device");
    });

    send("RESUME", "{}");

    assertThat(handle.diskErrors()).isEmpty();
  }

  /** A monitor that only delivers events. */
  private final class EventsOnly implements QmpClient {
    @Override public JsonNode execute(String command, ObjectNode arguments) { throw new UnsupportedOperationException(); }

    @Override public JsonNode execute(String command, ObjectNode arguments, Duration timeout) {
      throw new UnsupportedOperationException();
    }

    @Override public void sendFd(String fdName, int fd) { throw new UnsupportedOperationException(); }

    @Override public int addFd(int fd, String opaque) { throw new UnsupportedOperationException(); }

    @Override public void addEventListener(Consumer<QmpEvent> listener) { listeners.add(listener); }

    @Override public void addCloseListener(Runnable listener) { }

    @Override public boolean isOpen() { return true; }

    @Override public void close() { }
  }
}
