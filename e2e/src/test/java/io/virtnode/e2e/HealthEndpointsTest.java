package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.virtnode.operator.observe.HealthServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent serves /healthz, /readyz and /metrics; the series follow its VMs. */
@Tag("lifecycle")
class HealthEndpointsTest {
  @TempDir static Path root;
  static TestCluster cluster;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll static void start() throws Exception {
    cluster = TestCluster.start(root, 26500, "node-a");
  }

  @AfterAll static void stop() {
    if (cluster != null) cluster.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    HealthServer h = cluster.agent("node-a").health().orElseThrow();
    return http.send(HttpRequest.newBuilder(URI.create(h.url() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test void probesAnswerAndMetricsFollowTheVms() throws Exception {
    assertThat(get("/healthz").statusCode()).isEqualTo(200);
    assertThat(get("/readyz").statusCode()).as(get("/readyz").body()).isEqualTo(200);
    cluster.create(Vms.minimal("scraped", cluster.images.toString(), ""));
    long pid = cluster.awaitCondition("scraped", "Ready", "True").getStatus().pid;
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get("/metrics").body())
        .contains("virtnode_vms{node=\"node-a\",state=\"Running\"} 1.0")
        .containsPattern("virtnode_vm_resident_bytes\\{name=\"scraped\",namespace=\"default\",node=\"node-a\"} [1-9]")
        .contains("virtnode_vm_cpu_seconds{name=\"scraped\""));
    assertThat(pid).isPositive();
  }
}
