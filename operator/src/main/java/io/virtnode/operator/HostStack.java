package io.virtnode.operator;

import io.virtnode.node.cgroup.CgroupManagers;
import io.virtnode.node.cgroup.Hierarchy;
import io.virtnode.node.domain.DomainPlanner;
import io.virtnode.node.files.ClaimingLabeler;
import io.virtnode.node.files.FileProbe;
import io.virtnode.node.files.FileRegistry;
import io.virtnode.node.storage.StorageRoots;
import io.virtnode.node.isolation.Confinement;
import io.virtnode.node.isolation.QemuIdentity;
import io.virtnode.node.qemu.QemuCapability;
import io.virtnode.node.security.DacLabeler;
import io.virtnode.node.security.LabelLedger;
import io.virtnode.node.security.McsAllocator;
import io.virtnode.node.security.SecurityLabeler;
import io.virtnode.node.security.SelinuxLabeler;
import io.virtnode.node.security.StackedLabeler;
import java.io.IOException;
import java.util.List;
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

  static HostStack create(AgentSettings s, InetAddress vncBind) throws IOException {
    return create(s, vncBind, Path.of(s.stateDir).toAbsolutePath().resolve("cache"));
  }

  /** As {@link #create(AgentSettings, InetAddress)} with the capability cache in probeCache. */
  static HostStack create(AgentSettings s, InetAddress vncBind, Path probeCache) throws IOException {
    Path state = Path.of(s.stateDir).toAbsolutePath();
    RuntimeSettings rs = new RuntimeSettings(state, Path.of(s.runDir).toAbsolutePath(), s.storageRootPaths(),
        s.vncListen, s.vncAllowHostAudio, Duration.ofSeconds(s.stopGracePeriodSeconds),
        Duration.ofSeconds(s.qmpTimeoutSeconds), Duration.ofSeconds(s.startTimeoutSeconds), s.consoleLogMaxBytes,
        s.consoleLogFiles);
    QmpConnector connector = (socket, alive) -> UnixQmpClient.connect(socket, alive, rs.startTimeout(),
        rs.qmpTimeout());
    CapabilityProbe probe = new CapabilityProbe(connector, probeCache);
    DiskChains chains = new DiskChains();
    StorageCheck.ChainReader chainReader = image -> chains.read(image).stream()
        .map(l -> new StorageCheck.Layer(Path.of(l.filename()), l.format())).toList();
    QemuIdentity identity = QemuIdentity.lookup(s.qemuUser, s.qemuGroup, Path.of("/etc"));
    RuntimeStore store = new RuntimeStore(state);
    LabelLedger ledger = new LabelLedger(state);
    FileRegistry files = new FileRegistry(state);
    files.seedIfNew(store.loadAll(), ledger, new FileProbe());
    Confinement confinement = new Confinement(CgroupManagers.forHost(s.cgroupParent,
        s.cgroupVersion.equals("auto") ? null : Hierarchy.valueOf(s.cgroupVersion.toUpperCase(java.util.Locale.ROOT))), new ClaimingLabeler(labeler(ledger, identity), files, store::load,
        io.virtnode.node.nativeio.FileCalls.geteuid()),
        identity, chainReader, rs.allowedStorageRoots());
    VmRuntime runtime = new VmRuntime(rs, store, new PortAllocator(s.vncPortMin, s.vncPortMax,
        vncBind), new QemuLauncher(), connector, () -> usable(capabilities(probe, s.qemuBinary), identity),
        new DomainPlanner(), chains::create, confinement, Clock.systemUTC(), files);
    return new HostStack(runtime, new StorageCheck(new StorageRoots(s.effectiveStorageRoots()), chainReader, files,
        identity));
  }

  /** DAC ownership, then SELinux labels where SELinux is enabled; originals kept in one durable ledger. */
  private static SecurityLabeler labeler(LabelLedger ledger, QemuIdentity identity) throws IOException {
    return new StackedLabeler(List.of(new DacLabeler(identity.uid(), identity.gid(), ledger),
        new SelinuxLabeler(new McsAllocator(ledger), ledger, SelinuxLabeler.probeEnabled())));
  }

  /** KVM only counts when the QEMU user may open /dev/kvm; otherwise VMs run under TCG. */
  private static Capabilities usable(Capabilities caps, QemuIdentity identity) {
    if (!caps.has(QemuCapability.KVM) || identity.canOpen(Path.of("/dev/kvm"))) return caps;
    var flags = java.util.EnumSet.copyOf(caps.flags());
    flags.remove(QemuCapability.KVM);
    return new Capabilities(caps.binary(), caps.version(), flags);
  }

  private static Capabilities capabilities(CapabilityProbe probe, String binary) {
    try {
      return probe.probe(Path.of(binary));
    } catch (CapabilityProbeException e) {
      throw new IllegalStateException("cannot probe " + binary + ": " + e.getMessage(), e);
    }
  }
}
