package io.virtnode.node.hotplug;

import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.DiskDevice;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.HotplugPlanner;
import io.virtnode.node.domain.PlanException;
import io.virtnode.node.fd.FdBroker;
import io.virtnode.node.fd.MonitorFd;
import io.virtnode.node.fd.OwnedFd;
import io.virtnode.node.qemu.Capabilities;
import io.virtnode.node.qemu.EventWait;
import io.virtnode.node.qemu.Qmp;
import io.virtnode.node.qemu.QmpEvents.DeviceDeleted;
import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.qemu.QmpSession;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugs a disk (file or block, raw or qcow2, bus virtio or scsi) into a running QEMU and unplugs it.
 * Attach: ACL allow (block) → label → fd to QEMU (add-fd) → blockdev-add (protocol, format) → device_add;
 * a refusal undoes exactly the steps done, newest first. Detach: device_del → DEVICE_DELETED (with a
 * timeout) → blockdev-del → remove-fd → label back → ACL deny. Runs under the VM's job: one change at a time.
 */
public final class DiskHotplug {
  private static final Logger LOG = LoggerFactory.getLogger(DiskHotplug.class);

  private final QmpSession qmp;
  private final FdBroker fds;
  private final HotplugHost host;
  private final Capabilities caps;
  private final Duration unplugTimeout;
  private final HotplugPlanner planner = new HotplugPlanner();

  public DiskHotplug(QmpSession qmp, FdBroker fds, HotplugHost host, Capabilities caps, Duration unplugTimeout) {
    this.qmp = qmp;
    this.fds = fds;
    this.host = host;
    this.caps = caps;
    this.unplugTimeout = unplugTimeout;
  }

  /** A plugged disk: its device (ids, node names, placement) and the VM's address book with it. */
  public record Attached(DiskDevice device, AddressBook addresses) {}

  /** Plugs disk into the VM running spec with addresses book; on failure nothing of the attempt remains. */
  public Attached attach(String vmId, DomainSpec running, AddressBook book, DiskSpec disk) throws HotplugException {
    HotplugPlanner.Plan plan;
    try {
      plan = planner.attach(running, book, disk, caps);
    } catch (PlanException e) {
      throw new HotplugException(e.reason(), e.getMessage(), e, false);
    }
    DiskDevice device = plan.device();
    UndoStack undo = new UndoStack();
    String step = "allowing the block device";
    try {
      if (disk.block()) {
        host.allowDevice(vmId, disk.path(), disk.readOnly());
        undo.push("device ACL allow", () -> host.denyDevice(vmId, disk.path()));
      }
      step = "labelling the disk";
      host.label(vmId, disk);
      undo.push("label", () -> host.unlabel(vmId, disk));
      step = "opening the disk";
      MonitorFd.InFdset fdset;
      try (OwnedFd fd = fds.open(disk.path(), disk.readOnly() ? FdBroker.Access.READ_ONLY
          : FdBroker.Access.READ_WRITE)) {
        step = "passing the disk's fd to QEMU";
        fdset = fds.toFdset(qmp, fd, device.id());
      }
      undo.push("fdset " + fdset.fdsetId(), fdset::release);
      for (Qmp.BlockdevAdd add : device.blockdevAdds(fdset.reference())) {
        step = "blockdev-add " + add.nodeName();
        qmp.run(add);
        undo.push("blockdev " + add.nodeName(), () -> qmp.run(new Qmp.BlockdevDel(add.nodeName())));
      }
      step = "device_add " + device.id();
      qmp.run(device.deviceAdd());
      LOG.info("VM {}: disk {} plugged at {}", vmId, disk.name(), device.placement().address());
      return new Attached(device, plan.addresses());
    } catch (Exception e) {
      boolean complete = undo.unwind(e);
      String who = e instanceof QmpException.ErrorReply ? "QEMU refused " : "failed ";
      throw new HotplugException("HotplugFailed", "plugging disk " + disk.name() + ": " + who + step + ": "
          + e.getMessage() + (complete ? "; every step was undone" : "; undoing failed, see the log"), e, !complete);
    }
  }

  /**
   * Unplugs a disk of the VM; safe to repeat after a failure or an agent restart (steps already done are
   * skipped). UnplugTimeout when the guest did not release the device in time (nothing else is undone then).
   */
  public AddressBook detach(String vmId, DomainSpec running, AddressBook book, String diskName)
      throws HotplugException {
    DiskDevice device;
    try {
      device = planner.device(running, book, diskName);
    } catch (PlanException e) {
      throw new HotplugException(e.reason(), e.getMessage(), e, false);
    }
    DiskSpec disk = device.disk();
    String step = "device_del " + device.id();
    try {
      unplugDevice(device);
      for (String node : List.of(device.id(), device.fileNodeName())) {
        step = "blockdev-del " + node;
        if (nodeExists(node)) {
          qmp.run(new Qmp.BlockdevDel(node));
        }
      }
      step = "removing the disk's fdset";
      for (var set : qmp.run(new Qmp.QueryFdsets())) {
        if (set.fds().stream().anyMatch(f -> device.id().equals(f.opaque()))) {
          qmp.run(new Qmp.RemoveFd(set.fdsetId(), null));
        }
      }
      step = "giving the disk's labels back";
      host.unlabel(vmId, disk);
      if (disk.block()) {
        step = "denying the block device";
        host.denyDevice(vmId, disk.path());
      }
    } catch (HotplugException e) {
      throw e;
    } catch (Exception e) {
      throw new HotplugException("UnplugFailed", "unplugging disk " + diskName + ": " + step + " failed: "
          + e.getMessage() + "; retrying the unplug continues from there", e, true);
    }
    LOG.info("VM {}: disk {} unplugged", vmId, diskName);
    return HotplugPlanner.without(book, diskName);
  }

  private void unplugDevice(DiskDevice device) throws QmpException, HotplugException {
    try (EventWait<DeviceDeleted> gone = qmp.expect(DeviceDeleted.class, e -> device.id().equals(e.device()))) {
      try {
        qmp.run(new Qmp.DeviceDel(device.id()));
      } catch (QmpException.ErrorReply e) {
        if ("DeviceNotFound".equals(e.errorClass())) {
          return; // gone already (an earlier attempt finished after its timeout)
        }
        if (!e.getMessage().contains("already in the process of unplug")) {
          throw e;
        }
      }
      try {
        gone.await(unplugTimeout);
      } catch (QmpException.Timeout e) {
        throw new HotplugException("UnplugTimeout", "disk " + device.disk().name() + ": the guest did not release"
            + " device " + device.id() + " within " + unplugTimeout.toSeconds() + " s (no DEVICE_DELETED); it may"
            + " still do so: retry the unplug, or stop the VM", e, false);
      }
    }
  }

  private boolean nodeExists(String node) throws QmpException {
    return qmp.run(new Qmp.QueryNamedBlockNodes()).stream().anyMatch(n -> node.equals(n.nodeName()));
  }
}
