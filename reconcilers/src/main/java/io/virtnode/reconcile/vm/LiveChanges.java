package io.virtnode.reconcile.vm;

import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.domain.DomainSpec;
import io.virtnode.node.domain.SpecDiff;
import io.virtnode.node.vm.VmBusyException;
import io.virtnode.node.vm.VmHotplug;
import io.virtnode.node.vm.VmIdentity;
import io.virtnode.node.vm.VmObserver;
import io.virtnode.node.vm.VmRuntimeException;
import java.time.Duration;

/**
 * Applies the live part of a running VM's spec diff: unplugs removed disks, then plugs added ones, one job
 * each. A refusal is reported as HotplugFailed (the VM keeps running, Ready unchanged) and tried again later.
 */
final class LiveChanges {
  /** Condition type of a live change that did not happen. */
  static final String HOTPLUG_FAILED = "HotplugFailed";
  /** How soon a refused live change is tried again. */
  static final Duration RETRY = Duration.ofSeconds(30);

  private final VmObserver observer;
  private final VmHotplug hotplug;

  LiveChanges(VmObserver observer, VmHotplug hotplug) {
    this.observer = observer;
    this.hotplug = hotplug;
  }

  Step apply(VmIdentity id, DomainSpec domain) throws Exception {
    SpecDiff diff = observer.specDiff(id, domain).orElse(null);
    if (diff == null) return Step.DONE;
    String current = "";
    try {
      for (String name : diff.detach()) {
        current = "unplugging disk " + name;
        hotplug.detach(id, domain, name);
      }
      for (DiskSpec disk : diff.attach()) {
        current = "plugging disk " + disk.name();
        hotplug.attach(id, domain, disk);
      }
    } catch (VmBusyException e) {
      return new Step(new Failure(e.reason(), e.getMessage()), Converger.BUSY_RECHECK);
    } catch (VmRuntimeException e) {
      String message = e.getMessage().contains(current.substring(current.indexOf(' ') + 1)) ? e.getMessage()
          : current + ": " + e.getMessage();
      String reason = "UnplugTimeout".equals(e.reason()) ? e.reason() : HOTPLUG_FAILED;
      return new Step(null, RETRY, null, new Failure(reason, message));
    }
    return new Step(null, null, null, Step.NO_WARNING);
  }
}
