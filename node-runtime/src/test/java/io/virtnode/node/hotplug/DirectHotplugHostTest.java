package io.virtnode.node.hotplug;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtnode.node.cgroup.CgroupManager;
import io.virtnode.node.domain.DiskSpec;
import io.virtnode.node.security.SecurityLabeler;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DirectHotplugHost turns hotplug steps into device-ACL rules of the device's major:minor and labels. */
class DirectHotplugHostTest {
  @TempDir Path tmp;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @SuppressWarnings("unchecked")
  private <T> T recorder(Class<T> type) {
    return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      calls.add(method.getName() + " " + Arrays.toString(args));
      return null;
    });
  }

  @Test
  void blockDeviceBecomesARuleWithItsNumbersAndTheDiskALabelTarget() throws Exception {
    HotplugHost host = new DirectHotplugHost(recorder(CgroupManager.class), recorder(SecurityLabeler.class));
    Path dev = Path.of("/dev/null"); // character device 1:3, present everywhere
    DiskSpec disk = new DiskSpec("d", tmp.resolve("d.img"), false, DiskSpec.DiskFormat.RAW, DiskSpec.DiskBus.VIRTIO,
        true);

    host.allowDevice("vm", dev, true);
    host.label("vm", disk);
    host.unlabel("vm", disk);
    host.denyDevice("vm", dev);

    assertThat(calls).hasSize(4);
    assertThat(calls.get(0)).isEqualTo("allow [vm, c 1:3 r]");
    assertThat(calls.get(1)).isEqualTo("label [vm, LabelTarget[path=" + disk.path() + ", kind=BACKING, shared=false]]");
    assertThat(calls.get(2)).startsWith("restore [vm, LabelTarget[path=" + disk.path()).endsWith("NORMAL]");
    assertThat(calls.get(3)).isEqualTo("deny [vm, c 1:3 rw]");
  }

  @Test
  void regularFileIsNotADevice() throws Exception {
    HotplugHost host = new DirectHotplugHost(recorder(CgroupManager.class), recorder(SecurityLabeler.class));
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    assertThatThrownBy(() -> host.allowDevice("vm", file, false)).isInstanceOf(IOException.class)
        .hasMessageContaining("not a block or character device");
    assertThat(calls).isEmpty();
  }
}
