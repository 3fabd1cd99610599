package io.virtnode.operator.observe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthServerTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(HealthServer s, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(s.url() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test void readyzFollowsItsChecksAndNamesWhatIsNotReady() throws Exception {
    AtomicReference<Optional<String>> informers = new AtomicReference<>(Optional.of("informers not synced"));
    Readiness readiness = new Readiness().add("informers", informers::get).add("state-dir", Optional::empty);
    try (HealthServer s = HealthServer.start(new InetSocketAddress("127.0.0.1", 0), readiness, () -> "")) {
      assertThat(get(s, "/healthz").statusCode()).isEqualTo(200);
      HttpResponse<String> notReady = get(s, "/readyz");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).isEqualTo("informers: informers not synced\n");
      informers.set(Optional.empty());
      assertThat(get(s, "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test void servingOnEveryAddressGivesALoopbackUrl() throws Exception {
    try (HealthServer s = HealthServer.start(new InetSocketAddress("0.0.0.0", 0), new Readiness(), () -> "")) {
      assertThat(s.url()).startsWith("http://127.0.0.1:");
      assertThat(get(s, "/healthz").statusCode()).isEqualTo(200);
    }
  }

  @Test void metricsFollowPrometheusNamingAndMoveWithEvents(@TempDir Path proc) throws Exception {
    Files.createDirectories(proc.resolve("42"));
    Files.writeString(proc.resolve("42/stat"), "42 (qemu-system-x86) S 1 42 42 0 -1 4194560 1 0 0 0 250 50 0 0 20 0 3 0 1");
    Files.writeString(proc.resolve("42/status"), "Name:\tqemu\nVmRSS:\t   51200 kB\n");
    VirtnodeMetrics m = new VirtnodeMetrics("node-a");
    m.vmsByState(() -> Map.of("Running", 2L, "Paused", 1L));
    m.processes(() -> List.of(new VirtnodeMetrics.VmProcess("default", "web", 42)), new ProcStats(proc));
    m.vmStarted(Duration.ofMillis(300));
    m.qmpCommand("query-status", Duration.ofMillis(2), false);
    m.qmpCommand("query-status", Duration.ofSeconds(10), true);
    m.qemuRestarted("signal 9");
    try (HealthServer s = HealthServer.start(new InetSocketAddress("127.0.0.1", 0), new Readiness(), m::scrape)) {
      HttpResponse<String> r = get(s, "/metrics");
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
      assertThat(r.body())
          .contains("virtnode_vm_start_seconds_count{node=\"node-a\"} 1")
          .contains("virtnode_vm_start_seconds_bucket{")
          .contains("virtnode_qmp_command_seconds_count{command=\"query-status\",node=\"node-a\"} 2")
          .contains("virtnode_qmp_timeouts_total{command=\"query-status\",node=\"node-a\"} 1.0")
          .contains("virtnode_qemu_restarts_total{node=\"node-a\",reason=\"signal 9\"} 1.0")
          .contains("virtnode_vms{node=\"node-a\",state=\"Running\"} 2.0")
          .contains("virtnode_vms{node=\"node-a\",state=\"Paused\"} 1.0")
          .contains("virtnode_vm_cpu_seconds{name=\"web\",namespace=\"default\",node=\"node-a\"} 3.0")
          .contains("virtnode_vm_resident_bytes{name=\"web\",namespace=\"default\",node=\"node-a\"} 5.24288E7");
    }
  }
}
