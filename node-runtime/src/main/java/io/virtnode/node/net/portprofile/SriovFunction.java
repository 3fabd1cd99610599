package io.virtnode.node.net.portprofile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a network device is an SR-IOV virtual function, from sysfs: its physical function's device name and
 * its VF index (802.1Qbh requests go to the PF naming the VF), else the device itself with PORT_SELF_VF.
 */
public record SriovFunction(String physicalFunction, int vf) {
  /** Reads sys/class/net/LINK/device/physfn and the PF's virtfnN links under sysRoot (normally /sys). */
  public static SriovFunction of(Path sysRoot, String link) throws IOException {
    Path device = sysRoot.resolve("class/net").resolve(link).resolve("device");
    Path physfn = device.resolve("physfn");
    if (!Files.exists(physfn)) {
      return new SriovFunction(link, PortProfileMessages.PORT_SELF_VF);
    }
    Path me = device.toRealPath();
    String pfName = null;
    try (DirectoryStream<Path> nets = Files.newDirectoryStream(physfn.resolve("net"))) {
      for (Path p : nets) {
        pfName = p.getFileName().toString();
        break;
      }
    }
    if (pfName == null) {
      throw new IOException("virtual function " + link + ": its physical function has no network device");
    }
    try (DirectoryStream<Path> fns = Files.newDirectoryStream(physfn, "virtfn*")) {
      for (Path fn : fns) {
        if (fn.toRealPath().equals(me)) {
          return new SriovFunction(pfName, Integer.parseInt(fn.getFileName().toString().substring("virtfn".length())));
        }
      }
    }
    throw new IOException("virtual function " + link + " is not listed among the virtfn links of " + pfName);
  }
}
