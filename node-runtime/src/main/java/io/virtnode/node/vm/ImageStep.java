package io.virtnode.node.vm;

import io.virtnode.node.state.Claim;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * Creates the blank images asked for that do not exist yet (claimed for the VM's lifetime: removed when the
 * VM is deleted); an image someone else made in between is dropped from the claim, never removed, and the start
 * is refused (ForeignFile): create never adopts an existing file.
 */
final class ImageStep implements HostStep {
  private final VmHost host;

  ImageStep(VmHost host) { this.host = host; }

  @Override public String kind() { return VmRecord.IMAGE; }

  @Override public List<Claim> claims(StartContext ctx) {
    return ctx.request().creations().stream().filter(c -> !Files.exists(c.path(), LinkOption.NOFOLLOW_LINKS))
        .map(c -> Claim.vm(VmRecord.IMAGE, c.path().toString())).toList();
  }

  @Override public void take(StartContext ctx, List<Claim> claims) throws Exception {
    for (Claim claim : claims) {
      DiskCreation c = ctx.request().creations().stream().filter(d -> d.path().toString().equals(claim.key()))
          .findFirst().orElseThrow();
      try {
        host.images.create(c.path(), c.format(), c.bytes());
      } catch (IOException e) {
        ctx.update(r -> r.withoutClaim(claim)); // not made by us: never claim (or remove) it
        if (e instanceof FileAlreadyExistsException || e.getCause() instanceof FileAlreadyExistsException) {
          throw new VmRuntimeException("ForeignFile", c.path() + " appeared before the agent could create it; create"
              + " never adopts an existing file: pick a new path", false, e);
        }
        throw new VmRuntimeException("DiskCreateFailed", "cannot create " + c.path() + ": " + e.getMessage(), false, e);
      }
    }
  }

  @Override public void release(VmIdentity id, Claim claim) throws IOException {
    Files.deleteIfExists(Path.of(claim.key()));
  }
}
