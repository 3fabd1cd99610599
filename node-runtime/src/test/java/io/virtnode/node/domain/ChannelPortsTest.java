package io.virtnode.node.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelPortsTest {
  private final DomainPlanner planner = new DomainPlanner();

  private static Map<String, String> book(DomainPlan plan) {
    return plan.addresses().addresses();
  }

  @Test
  void autoPortsStartAtOneBecauseZeroIsTheConsoles() throws Exception {
    DomainPlan plan = planner.plan(Specs.vm().channel("a", null).channel("b", null).build(), Specs.ctx());

    assertThat(book(plan)).containsEntry("channel-a", "virtio-serial:0:1").containsEntry("channel-b", "virtio-serial:0:2");
  }

  @Test
  void explicitPortWinsOverAPreviousAutoPort() throws Exception {
    AddressBook previous = new AddressBook(Map.of("channel-a", "virtio-serial:0:3", "channel-b", "virtio-serial:0:4"));

    DomainPlan plan = planner.plan(Specs.vm().channel("a", null).channel("b", 3).build(),
        Specs.ctx(Specs.tcg(), previous));

    assertThat(book(plan)).containsEntry("channel-b", "virtio-serial:0:3").containsEntry("channel-a", "virtio-serial:0:1");
  }

  @Test
  void previousPortIsKeptWhenStillFree() throws Exception {
    AddressBook previous = new AddressBook(Map.of("channel-b", "virtio-serial:0:9"));

    DomainPlan plan = planner.plan(Specs.vm().channel("a", null).channel("b", null).build(),
        Specs.ctx(Specs.tcg(), previous));

    assertThat(book(plan)).containsEntry("channel-a", "virtio-serial:0:1").containsEntry("channel-b", "virtio-serial:0:9");
  }

  @Test
  void previousPortOutOfRangeIsReassigned() throws Exception {
    AddressBook previous = new AddressBook(Map.of("channel-a", "virtio-serial:0:31"));

    DomainPlan plan = planner.plan(Specs.vm().channel("a", null).build(), Specs.ctx(Specs.tcg(), previous));

    assertThat(book(plan)).containsEntry("channel-a", "virtio-serial:0:1");
  }

  @Test
  void duplicateExplicitPortsAreRejected() {
    assertThatThrownBy(() -> planner.plan(Specs.vm().channel("a", 4).channel("b", 4).build(), Specs.ctx()))
        .isInstanceOf(PlanException.class).hasFieldOrPropertyWithValue("reason", "DuplicateChannelPort")
        .hasMessageContaining("a and b");
  }

  @Test
  void portZeroAndPortsAboveThirtyAreRejected() {
    assertThatThrownBy(() -> planner.plan(Specs.vm().channel("a", 0).build(), Specs.ctx()))
        .hasFieldOrPropertyWithValue("reason", "InvalidChannelPort");
    assertThatThrownBy(() -> planner.plan(Specs.vm().channel("a", 31).build(), Specs.ctx()))
        .hasFieldOrPropertyWithValue("reason", "InvalidChannelPort");
    Specs full = Specs.vm();
    for (int i = 0; i < 31; i++) {
      full.channel("c" + i, null);
    }
    assertThatThrownBy(() -> planner.plan(full.build(), Specs.ctx()))
        .hasFieldOrPropertyWithValue("reason", "TooManyChannels");
  }
}
