package io.virtnode.node.vm;

import io.virtnode.node.files.FileProbe;
import io.virtnode.node.files.FileRegistry;
import io.virtnode.node.files.ImageDisposal;
import io.virtnode.node.state.Claim;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets a deleted VM: kills what still runs, gives back every claim in reverse (run claims, then the images
 * it created), removes its runtime dir, logs and record. Only what the record says is ours is removed, and an
 * image it created only when the file registry says no other VM holds it (it is kept, and said so, otherwise).
 */
final class VmCleanup {
  private static final Logger LOG = LoggerFactory.getLogger(VmCleanup.class);
  private final VmHost host;
  private final VmJobs jobs;
  private final VmReaper reaper;
  private final ClaimRelease release;
  private final FileRegistry files;

  VmCleanup(VmHost host, VmJobs jobs, VmReaper reaper, ClaimRelease release, FileRegistry files) {
    this.files = files;
    this.host = host;
    this.jobs = jobs;
    this.reaper = reaper;
    this.release = release;
  }

  List<ImageDisposal> forget(VmIdentity id) throws VmRuntimeException, IOException {
    try (var job = jobs.take(id, JobKind.Stop)) {
      VmRecord rec = host.store.load(id.uid()).orElse(null);
      List<ImageDisposal> disposals = List.of();
      var runDirs = new java.util.ArrayList<Path>(java.util.List.of(host.paths(id.uid()).dir()));
      if (rec != null) {
        rec.claims().stream().filter(c -> c.kind().equals(PlanStep.KIND) && !c.key().isEmpty())
            .map(c -> Path.of(c.key())).forEach(runDirs::add); // e.g. made under an earlier runDir
        reaper.releaseRunClaims(id, rec); // kills a QEMU that still runs first (last claim taken)
        // only once no QEMU of this VM runs does the registry let go of its files and decide about its images
        rec = host.store.load(id.uid()).orElse(rec);
        disposals = keepWhatOthersHold(id, rec);
        VmRecord left = host.store.load(id.uid()).orElse(rec);
        try {
          release.release(id, left.claims(), change -> {
            VmRecord next = change.apply(host.store.load(id.uid()).orElse(left));
            host.store.save(next);
            return next;
          });
        } catch (IOException e) {
          throw e;
        } catch (Exception e) {
          throw new IOException("VM " + id.displayName() + ": " + e.getMessage(), e);
        }
      }
      host.confinement.release(id.uid()); // idempotent: also what a start took before it could record it
      new VncPortStep(host).release(id, null);
      for (Path d : runDirs) deleteTree(d);
      Files.deleteIfExists(host.logFile(id.uid()));
      Files.deleteIfExists(host.logFile(id.uid()).resolveSibling(id.uid() + ".log.1"));
      host.store.delete(id.uid());
      host.registry.clearExit(id.uid());
      return disposals;
    }
  }

  /**
   * Asks the file registry about every image the VM's record claims: those another VM holds (or that are no
   * longer the file created) lose their claim, so releasing the claims never removes them.
   */
  private List<ImageDisposal> keepWhatOthersHold(VmIdentity id, VmRecord rec) throws IOException {
    List<Claim> images = rec.claims().stream().filter(c -> c.kind().equals(VmRecord.IMAGE)).toList();
    List<ImageDisposal> out = files.dispose(id.uid(), images.stream().map(c -> Path.of(c.key())).toList(),
        new FileProbe());
    VmRecord next = rec;
    for (ImageDisposal d : out) {
      if (d.outcome() == ImageDisposal.Outcome.REMOVE) continue;
      LOG.info("VM {}: {}", id.displayName(), d.describe());
      for (Claim c : images) {
        if (Path.of(c.key()).equals(d.path())) next = next.withoutClaim(c);
      }
    }
    if (next != rec) host.store.save(next);
    return out;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
    try (var files = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
    }
  }
}
