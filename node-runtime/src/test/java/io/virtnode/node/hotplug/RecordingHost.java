package io.virtnode.node.hotplug;

import io.virtnode.node.domain.DiskSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A HotplugHost that records its calls in order (QEMU under test runs outside any VM cgroup). */
final class RecordingHost implements HotplugHost {
  final List<String> calls = new CopyOnWriteArrayList<>();
  volatile String failOn;

  @Override public void allowDevice(String vmId, Path device, boolean readOnly) throws IOException {
    record("allow " + device + (readOnly ? " r" : " rw"));
  }

  @Override public void denyDevice(String vmId, Path device) throws IOException { record("deny " + device); }

  @Override public void label(String vmId, DiskSpec disk) throws IOException { record("label " + disk.name()); }

  @Override public void unlabel(String vmId, DiskSpec disk) throws IOException { record("unlabel " + disk.name()); }

  private void record(String call) throws IOException {
    if (failOn != null && call.startsWith(failOn)) {
      throw new IOException("injected failure: " + call);
    }
    calls.add(call);
  }
}
