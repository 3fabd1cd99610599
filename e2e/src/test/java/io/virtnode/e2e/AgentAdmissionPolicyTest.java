package io.virtnode.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agents' admission policies, evaluated with CEL the way the apiserver evaluates a ValidatingAdmissionPolicy
 * (match conditions, then variables, then validations in order; messageExpression when given): an agent creates
 * and updates only HostDevices of its own node, creates them in mode Host and never changes their spec.
 */
class AgentAdmissionPolicyTest {
  static final Path POLICY = Path.of("..", "manifests", "admission", "agent-node-restriction.yaml");
  static final String AGENT = "system:serviceaccount:virtnode-system:virtnode-agent";
  static final Cel CEL = CelFactory.standardCelBuilder().setStandardMacros(CelStandardMacro.STANDARD_MACROS)
      .addVar("request", SimpleType.DYN).addVar("object", SimpleType.DYN).addVar("oldObject", SimpleType.DYN)
      .addVar("variables", SimpleType.DYN).build();
  static JsonNode hostDevicePolicy;

  @BeforeAll static void read() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    try (var parser = yaml.getFactory().createParser(POLICY.toFile())) {
      for (var it = yaml.readValues(parser, JsonNode.class); it.hasNext(); ) {
        JsonNode doc = it.next();
        if (doc.path("kind").asText().equals("ValidatingAdmissionPolicy")
            && doc.path("metadata").path("name").asText().equals("virtnode-agent-hostdevice-restriction")) {
          hostDevicePolicy = doc;
        }
      }
    }
    assertThat(hostDevicePolicy).as("the HostDevice policy in %s", POLICY).isNotNull();
  }

  static Map<String, Object> device(String node, String mode) {
    return Map.of("metadata", Map.of("name", node + "-0000-03-00-0"),
        "spec", Map.of("nodeName", node, "address", "0000:03:00.0", "mode", mode, "managed", true));
  }

  static Map<String, Object> request(String user, String node, String operation) {
    Map<String, Object> userInfo = new HashMap<>();
    userInfo.put("username", user);
    userInfo.put("extra", node == null ? Map.of() : Map.of("authentication.kubernetes.io/node-name", List.of(node)));
    return Map.of("operation", operation, "userInfo", userInfo);
  }

  /** The denial message, or empty when the policy admits the request (or does not match it). */
  static Optional<String> admit(Map<String, Object> request, Object object, Object oldObject) throws Exception {
    Map<String, Object> vars = new HashMap<>();
    vars.put("request", request);
    vars.put("object", object);
    vars.put("oldObject", oldObject == null ? dev.cel.common.values.NullValue.NULL_VALUE : oldObject);
    JsonNode spec = hostDevicePolicy.path("spec");
    for (JsonNode condition : spec.path("matchConditions")) {
      if (!Boolean.TRUE.equals(eval(condition.path("expression").asText(), vars))) return Optional.empty();
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    vars.put("variables", variables);
    for (JsonNode variable : spec.path("variables")) {
      variables.put(variable.path("name").asText(), eval(variable.path("expression").asText(), vars));
    }
    for (JsonNode validation : spec.path("validations")) {
      if (!Boolean.TRUE.equals(eval(validation.path("expression").asText(), vars))) {
        return Optional.of(validation.has("messageExpression")
            ? (String) eval(validation.path("messageExpression").asText(), vars) : validation.path("message").asText());
      }
    }
    return Optional.empty();
  }

  static Object eval(String expression, Map<String, Object> vars) throws Exception {
    return CEL.createProgram(CEL.compile(expression).getAst()).eval(vars);
  }

  @Test void thePolicyMatchesCreatesAndUpdatesOfHostDevicesAndTheirStatus() {
    JsonNode rules = hostDevicePolicy.path("spec").path("matchConstraints").path("resourceRules").get(0);
    List<String> resources = new ArrayList<>();
    rules.path("resources").forEach(r -> resources.add(r.asText()));
    List<String> operations = new ArrayList<>();
    rules.path("operations").forEach(r -> operations.add(r.asText()));
    assertThat(resources).containsExactlyInAnyOrder("hostdevices", "hostdevices/status");
    assertThat(operations).containsExactlyInAnyOrder("CREATE", "UPDATE");
  }

  @Test void anAgentCreatesHostDevicesOfItsOwnNodeInModeHostOnly() throws Exception {
    assertThat(admit(request(AGENT, "node-a", "CREATE"), device("node-a", "Host"), null)).isEmpty();
    assertThat(admit(request(AGENT, "node-a", "CREATE"), device("node-b", "Host"), null))
        .contains("agent on node node-a may only create or modify HostDevices of its node");
    assertThat(admit(request(AGENT, "node-a", "CREATE"), device("node-a", "Passthrough"), null))
        .contains("agents create HostDevices in mode Host; only a user asks for Passthrough");
  }

  @Test void anAgentUpdatesOnlyItsNodesHostDevicesAndNeverTheirSpec() throws Exception {
    Map<String, Object> withStatus = new HashMap<>(device("node-a", "Passthrough"));
    withStatus.put("status", Map.of("driver", "vfio-pci"));
    assertThat(admit(request(AGENT, "node-a", "UPDATE"), withStatus, device("node-a", "Passthrough"))).isEmpty();
    assertThat(admit(request(AGENT, "node-a", "UPDATE"), device("node-a", "Host"), device("node-a", "Passthrough")))
        .contains("agents never modify a HostDevice's spec once it exists");
    assertThat(admit(request(AGENT, "node-a", "UPDATE"), device("node-b", "Host"), device("node-b", "Host")))
        .contains("agent on node node-a may only create or modify HostDevices of its node");
  }

  @Test void aTokenWithoutANodeIsRefusedAndOtherUsersAreNotRestricted() throws Exception {
    assertThat(admit(request(AGENT, null, "CREATE"), device("node-a", "Host"), null))
        .contains("the agent's token carries no node name; use a bound service-account token");
    assertThat(admit(request("alice", null, "UPDATE"), device("node-b", "Passthrough"), device("node-b", "Host")))
        .isEmpty();
  }
}
