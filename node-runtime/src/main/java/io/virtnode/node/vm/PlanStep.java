package io.virtnode.node.vm;

import io.virtnode.node.domain.AddressBook;
import io.virtnode.node.domain.DomainPlan;
import io.virtnode.node.domain.PlanException;
import io.virtnode.node.state.Claim;
import io.virtnode.node.state.ProcessRecord;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans the QEMU command line (pure) and announces the process in the record (pid 0) with the per-VM
 * runtime directory prepared; released, the announcement is withdrawn and the sockets, the pidfile and the
 * directory (when nothing else is left in it) removed.
 */
final class PlanStep implements HostStep {
  static final String KIND = "run-dir";
  private final VmHost host;

  PlanStep(VmHost host) { this.host = host; }

  @Override public String kind() { return KIND; }

  @Override public List<Claim> claims(StartContext ctx) { return List.of(Claim.run(KIND, ctx.paths().dir().toString())); }

  @Override public void take(StartContext ctx, List<Claim> claims) throws Exception {
    DomainPlan plan;
    try {
      plan = host.planner.plan(ctx.request().spec(), host.context(ctx.id().uid(), ctx.vncPort,
          new AddressBook(ctx.record().addresses())));
    } catch (PlanException e) {
      throw new VmRuntimeException(e.reason(), e.getMessage(), true, e);
    }
    List<String> argv = new ArrayList<>(plan.argv());
    if (ctx.request().mode() == StartMode.Incoming) argv.addAll(List.of("-incoming", "defer"));
    ctx.plan = plan;
    Files.createDirectories(ctx.paths().dir());
    // the parent must let QEMU's user reach its own directory, whatever the agent's umask
    Files.setPosixFilePermissions(ctx.paths().dir().getParent(),
        java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    VmHost.deleteQuietly(ctx.paths().qmpSocket());
    VmHost.deleteQuietly(ctx.paths().vncSocket());
    ProcessRecord proc = new ProcessRecord(0, 0, ctx.paths().dir().toString(), ctx.vncPort, plan.vncEndpoint(),
        argv, VmRuntime.hash(ctx.request().spec()), plan.diskNodeNames(), null,
        io.virtnode.node.domain.RunningSpecCodec.write(ctx.request().spec()));
    ctx.update(r -> r.withAddresses(plan.addresses().addresses()).withProcess(proc));
  }

  @Override public void release(VmIdentity id, Claim claim) throws Exception {
    var paths = claim.key().isEmpty() ? host.paths(id.uid()) : new io.virtnode.node.domain.RuntimePaths(
        java.nio.file.Path.of(claim.key()));
    VmHost.deleteQuietly(paths.qmpSocket());
    VmHost.deleteQuietly(paths.vncSocket());
    VmHost.deleteQuietly(paths.pidFile()); // a QEMU ended by a signal leaves it behind
    removeIfEmpty(paths.dir()); // anything else in it is not the agent's to remove
    var rec = host.store.load(id.uid());
    if (rec.isPresent() && rec.get().process() != null) host.store.save(rec.get().withProcess(null));
  }

  private static void removeIfEmpty(java.nio.file.Path dir) {
    try {
      Files.deleteIfExists(dir);
    } catch (java.nio.file.DirectoryNotEmptyException e) {
      // kept: it holds files the agent did not put there
    } catch (java.io.IOException e) {
      org.slf4j.LoggerFactory.getLogger(PlanStep.class).warn("cannot remove {}: {}", dir, e.getMessage());
    }
  }
}
