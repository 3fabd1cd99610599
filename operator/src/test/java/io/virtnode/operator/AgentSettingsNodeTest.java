package io.virtnode.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {node} in the settings makes the defaults per node; explicit values without it are taken as written. */
class AgentSettingsNodeTest {
  @Test void theDefaultsGiveEveryNodeItsOwnStateRunDirAndCgroupParent() {
    AgentSettings shared = new AgentSettings();
    AgentSettings a = shared.forNode("node-a");
    AgentSettings b = shared.forNode("node-b");

    assertThat(a.stateDir).isEqualTo("/var/lib/virtnode/state/node-a");
    assertThat(a.runDir).isEqualTo("/run/virtnode/node-a");
    assertThat(a.cgroupParent).isEqualTo("virtnode/node-a");
    assertThat(b.stateDir).isNotEqualTo(a.stateDir);
    assertThat(b.runDir).isNotEqualTo(a.runDir);
    assertThat(b.cgroupParent).isNotEqualTo(a.cgroupParent);
    assertThat(shared.stateDir).as("the shared settings are not changed").contains(AgentSettings.NODE);
  }

  @Test void explicitValuesWithoutThePlaceholderAreKeptAndOtherFieldsCopied() {
    AgentSettings s = new AgentSettings();
    s.stateDir = "/srv/state";
    s.vncPortMin = 6000;
    AgentSettings a = s.forNode("n1");
    assertThat(a.stateDir).isEqualTo("/srv/state");
    assertThat(a.vncPortMin).isEqualTo(6000);
  }

  @Test void aNodeNameThatIsNoPlainNameIsRefused() {
    assertThatThrownBy(() -> new AgentSettings().forNode("../x")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node name");
  }
}
