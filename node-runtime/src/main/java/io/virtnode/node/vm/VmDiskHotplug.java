package io.virtnode.node.vm;

import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.RunningSpecCodec;
import io.virtnode.node.fd.FdBroker;
import io.virtnode.node.hotplug.DiskHotplug;
import io.virtnode.node.hotplug.HotplugException;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.state.JobLock;
import io.virtnode.node.state.ProcessRecord;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disk hotplug of a running VM as its Hotplug job: the disk is claimed in the record, each host resource is
 * claimed before it is taken (ClaimingHotplugHost), DiskHotplug plugs it, and the record then takes the new
 * addresses, node names and running spec, so the disk keeps its guest address across restarts. After an agent
 * restart, a hotplug found claimed but not finished is rolled back ({@link #recover}).
 */
final class VmDiskHotplug implements VmHotplug {
  private static final Logger LOG = LoggerFactory.getLogger(VmDiskHotplug.class);
  /** How long the guest gets to release an unplugged device. */
  static final Duration UNPLUG_TIMEOUT = Duration.ofSeconds(30);

  private final VmHost host;
  private final VmJobs jobs;
  private final VmDevices devices;

  VmDiskHotplug(VmHost host, VmJobs jobs, VmDevices devices) {
    this.host = host;
    this.jobs = jobs;
    this.devices = devices;
  }

  @Override public void attach(VmIdentity id, DomainSpec wanted, DiskSpec disk) throws VmRuntimeException, IOException {
    try (JobLock.Job job = jobs.take(id, JobKind.Hotplug)) {
      String prefix = "attach:" + disk.name() + ":";
      job.phase(prefix + "begun");
      Running vm = running(id, wanted);
      update(id, r -> r.withClaim(HotplugClaims.disk(disk)));
      var hotplug = hotplug(vm.handle, new ClaimingHotplugHost(host, devices, id, job, prefix, false));
      DiskHotplug.Attached attached;
      try {
        attached = hotplug.attach(id.uid(), vm.spec, vm.book, disk);
      } catch (HotplugException e) {
        // claims stay when the undo itself failed: the next agent start rolls back from them
        if (!e.rollbackIncomplete()) update(id, HotplugClaims::cleared);
        throw new VmRuntimeException(e.reason(), e.getMessage(), false, e);
      }
      HotplugTestHooks.reached(prefix + "plugged");
      job.phase(prefix + "recording");
      List<DiskSpec> disks = new ArrayList<>(vm.spec.disks());
      disks.add(disk);
      Map<String, String> nodes = new HashMap<>(vm.record.process().diskNodeNames());
      nodes.put(disk.name(), attached.device().id());
      record(id, attached.addresses(), nodes, vm.spec.withDisks(disks));
    }
  }

  @Override public void detach(VmIdentity id, DomainSpec wanted, String diskName)
      throws VmRuntimeException, IOException {
    try (JobLock.Job job = jobs.take(id, JobKind.Hotplug)) {
      String prefix = "detach:" + diskName + ":";
      job.phase(prefix + "unplugging");
      Running vm = running(id, wanted);
      var hotplug = hotplug(vm.handle, new ClaimingHotplugHost(host, devices, id, job, prefix, false));
      AddressBook book;
      try {
        book = hotplug.detach(id.uid(), vm.spec, vm.book, diskName);
      } catch (HotplugException e) {
        throw new VmRuntimeException(e.reason(), e.getMessage(), false, e);
      }
      job.phase(prefix + "recording");
      Map<String, String> nodes = new HashMap<>(vm.record.process().diskNodeNames());
      nodes.remove(diskName);
      record(id, book, nodes, vm.spec.withDisks(vm.spec.disks().stream()
          .filter(d -> !d.name().equals(diskName)).toList()));
    }
  }

  /**
   * After an agent restart: a hotplug whose disk is still claimed did not finish; it is rolled back from its
   * claims (unplugged where QEMU has it, labels and ACL given back only where claimed). The reconciler plugs
   * the disk again if the spec still asks for it. A VM whose QEMU is gone just forgets the claims.
   */
  void recover() throws IOException {
    for (VmRecord rec : host.store.loadAll()) {
      var disk = HotplugClaims.disk(rec);
      if (disk.isEmpty() && rec.claims().stream().noneMatch(HotplugClaims::isHotplug)) continue;
      VmIdentity id = new VmIdentity(rec.uid(), rec.namespace(), rec.name());
      var handle = host.registry.handle(rec.uid());
      if (handle.isEmpty() || rec.process() == null || disk.isEmpty()) {
        update(id, HotplugClaims::cleared);
        continue;
      }
      LOG.warn("VM {}: hotplug of disk {} did not finish before the agent stopped; rolling it back",
          id.displayName(), disk.get().name());
      try (JobLock.Job job = jobs.take(id, JobKind.Hotplug)) {
        job.phase("rollback:" + disk.get().name());
        if (rec.process().runningSpec() == null) throw new IOException("the record holds no running spec");
        DomainSpec running = RunningSpecCodec.read(rec.process().runningSpec()).spec();
        List<DiskSpec> disks = new ArrayList<>(running.disks());
        disks.add(disk.get());
        var hotplug = hotplug(handle.get(), new ClaimingHotplugHost(host, devices, id, job,
            "rollback:" + disk.get().name() + ":", true));
        hotplug.detach(id.uid(), running.withDisks(disks), new AddressBook(rec.addresses()), disk.get().name());
        update(id, HotplugClaims::cleared);
      } catch (HotplugException | VmRuntimeException | IOException | RuntimeException e) {
        LOG.error("VM {}: rolling back the hotplug of disk {} failed: {}; its claims stay recorded",
            id.displayName(), disk.get().name(), e.getMessage());
      }
    }
  }

  private record Running(VmRecord record, VmHandle handle, DomainSpec spec, AddressBook book) {}

  private Running running(VmIdentity id, DomainSpec wanted) throws VmRuntimeException, IOException {
    VmRecord rec = host.store.load(id.uid()).orElseThrow(() -> notRunning(id));
    VmHandle h = host.registry.handle(id.uid()).filter(x -> x.id.equals(id)).orElseThrow(() -> notRunning(id));
    ProcessRecord p = rec.process();
    if (p == null) throw notRunning(id);
    DomainSpec spec = RunningSpecs.spec(p, wanted).orElseThrow(() -> new VmRuntimeException("RestartRequired",
        "VM " + id.displayName() + " runs a spec its record does not hold: restart it to change its disks", false));
    if (p.runningSpec() == null) { // a record of the previous format: it holds the running spec from now on
      rec = rec.withProcess(p.withDevices(p.diskNodeNames(), RunningSpecs.writeLegacy(spec)));
      host.store.save(rec);
    }
    return new Running(rec, h, spec, new AddressBook(rec.addresses()));
  }

  private DiskHotplug hotplug(VmHandle h, ClaimingHotplugHost claims) {
    return new DiskHotplug(h.session(host.settings.qmpTimeout()), new FdBroker(host.settings.allowedStorageRoots()),
        claims, host.capabilities.get(), UNPLUG_TIMEOUT);
  }

  private void record(VmIdentity id, AddressBook book, Map<String, String> nodes, DomainSpec now) throws IOException {
    var current = host.store.load(id.uid()).orElseThrow().process();
    String stored = RunningSpecs.rewrite(current, now);
    update(id, r -> HotplugClaims.cleared(r).withAddresses(book.addresses())
        .withProcess(r.process().withDevices(nodes, stored)));
  }

  private void update(VmIdentity id, java.util.function.UnaryOperator<VmRecord> f) throws IOException {
    var rec = host.store.load(id.uid());
    if (rec.isPresent()) host.store.save(f.apply(rec.get()));
  }

  private static VmRuntimeException notRunning(VmIdentity id) {
    return new VmRuntimeException("NotRunning", "VM " + id.displayName() + " has no running QEMU to change", false);
  }
}
