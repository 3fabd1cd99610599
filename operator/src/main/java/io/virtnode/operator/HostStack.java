package io.virtnode.operator;

import io.virtnode.node.domain.DomainPlanner;
import io.virtnode.node.ports.PortAllocator;
import io.virtnode.node.qemu.CapabilityProbe;
import io.virtnode.node.qemu.CapabilityProbeException;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.QemuLauncher;
import io.virtnode.node.qemu.QmpConnector;
import io.virtnode.node.qemu.UnixQmpClient;
import io.virtnode.node.state.RuntimeStore;
import io.virtnode.node.storage.DiskChains;
import io.virtnode.node.storage.StorageCheck;
import io.virtnode.node.vm.RuntimeSettings;
import io.virtnode.node.vm.VmRuntime;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** The node-runtime objects of one agent, wired from its settings. */
record HostStack(VmRuntime runtime, StorageCheck storageCheck) {

  static HostStack create(AgentSettings s, InetAddress vncBind) {
    return create(s, vncBind, Path.of(s.stateDir).toAbsolutePath().resolve("cache"));
  }

  /** As {@link #create(AgentSettings, InetAddress)} with the capability cache in probeCache. */
  static HostStack create(AgentSettings s, InetAddress vncBind, Path probeCache) {
    Path state = Path.of(s.stateDir).toAbsolutePath();
    RuntimeSettings rs = new RuntimeSettings(state, s.allowedStorageRoots.stream().map(Path::of).toList(),
        s.vncListen, s.vncAllowHostAudio, Duration.ofSeconds(s.stopGracePeriodSeconds),
        Duration.ofSeconds(s.qmpTimeoutSeconds), Duration.ofSeconds(s.startTimeoutSeconds));
    QmpConnector connector = (socket, alive) -> UnixQmpClient.connect(socket, alive, rs.startTimeout(),
        rs.qmpTimeout());
    CapabilityProbe probe = new CapabilityProbe(connector, probeCache);
    DiskChains chains = new DiskChains();
    VmRuntime runtime = new VmRuntime(rs, new RuntimeStore(state), new PortAllocator(s.vncPortMin, s.vncPortMax,
        vncBind), new QemuLauncher(), connector, () -> capabilities(probe, s.qemuBinary), new DomainPlanner(),
        chains::create, Clock.systemUTC());
    StorageCheck check = new StorageCheck(rs.allowedStorageRoots(), image -> chains.read(image).stream()
        .map(l -> new StorageCheck.Layer(Path.of(l.filename()), l.format())).toList());
    return new HostStack(runtime, check);
  }

  private static Capabilities capabilities(CapabilityProbe probe, String binary) {
    try {
      return probe.probe(Path.of(binary));
    } catch (CapabilityProbeException e) {
      throw new IllegalStateException("cannot probe " + binary + ": " + e.getMessage(), e);
    }
  }
}
