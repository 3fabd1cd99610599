package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health checks under manifests/argocd, run in a Lua interpreter against the sample statuses
 * each kind lists in its health_test.yaml (Argo CD's own layout), and shipped as kustomize renders them.
 */
class ArgoHealthTest {
  static final Path ARGOCD = ManifestsTest.MANIFESTS.resolve("argocd");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @TestFactory Stream<DynamicTest> everySampleStatusMapsToItsExpectedHealth() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path kind : kinds()) {
      String lua = Files.readString(kind.resolve("health.lua"));
      for (JsonNode t : YAML.readTree(kind.resolve("health_test.yaml").toFile()).path("tests")) {
        Path input = kind.resolve(t.path("inputPath").asText());
        tests.add(DynamicTest.dynamicTest(kind.getFileName() + " " + input.getFileName(), () -> {
          LuaValue hs = run(lua, YAML.readTree(input.toFile()));
          assertThat(hs.get("status").tojstring()).isEqualTo(t.path("healthStatus").path("status").asText());
          assertThat(hs.get("message").tojstring()).isEqualTo(t.path("healthStatus").path("message").asText());
        }));
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
    return tests.stream();
  }

  @Test void kustomizeShipsEveryCheckInArgoCdsConfigMap() throws Exception {
    Process p = new ProcessBuilder("kubectl", "kustomize", ARGOCD.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode cm = YAML.readTree(out);
    assertThat(cm.path("metadata").path("name").asText()).isEqualTo("argocd-cm");
    assertThat(cm.path("metadata").path("namespace").asText()).isEqualTo("argocd");
    for (Path kind : kinds()) {
      String key = "resource.customizations.health." + kind.getParent().getFileName() + "_" + kind.getFileName();
      assertThat(cm.path("data").path(key).asText()).as(key).isEqualTo(Files.readString(kind.resolve("health.lua")));
    }
  }

  private static List<Path> kinds() throws IOException {
    try (Stream<Path> files = Files.walk(ARGOCD)) {
      List<Path> kinds = files.filter(f -> f.getFileName().toString().equals("health.lua")).map(Path::getParent)
          .sorted().toList();
      assertThat(kinds).as("health checks under " + ARGOCD).isNotEmpty();
      return kinds;
    }
  }

  /** Runs a health script as Argo CD does: the object as the global obj, the chunk returns the health. */
  private static LuaValue run(String script, JsonNode object) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", lua(object));
    return globals.load(script, "health.lua").call();
  }

  private static LuaValue lua(JsonNode n) {
    if (n.isObject()) {
      LuaTable t = new LuaTable();
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) n::fields) {
        t.set(e.getKey(), lua(e.getValue()));
      }
      return t;
    }
    if (n.isArray()) {
      LuaTable t = new LuaTable();
      for (int i = 0; i < n.size(); i++) t.set(i + 1, lua(n.get(i)));
      return t;
    }
    if (n.isBoolean()) return LuaValue.valueOf(n.asBoolean());
    if (n.isNumber()) return LuaValue.valueOf(n.asDouble());
    if (n.isNull()) return LuaValue.NIL;
    return LuaValue.valueOf(n.asText());
  }
}
