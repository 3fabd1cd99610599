package io.virtnode.node.vm;

import io.virtnode.node.qemu.QmpException;
import io.virtnode.node.state.JobKind;
import io.virtnode.node.state.JobLock;
import io.virtnode.node.state.StateWriteException;
import io.virtnode.node.state.VmRecord;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start of one VM as a job: refuse when the agent stops or a stray QEMU sits in the VM's cgroup, run the
 * host steps (claims recorded before each, undone in reverse on failure), then leave the CPUs as the start
 * mode says: only Run resumes them.
 */
final class VmStarter {
  private static final Logger LOG = LoggerFactory.getLogger(VmStarter.class);
  /** How long a start waits for QEMU to reach the console drains before its CPUs run. */
  private static final java.time.Duration CONSOLE_CONNECT_WAIT = java.time.Duration.ofSeconds(10);
  private final VmHost host;
  private final StartPipeline pipeline;
  private final VmJobs jobs;

  VmStarter(VmHost host, StartPipeline pipeline, VmJobs jobs) {
    this.host = host;
    this.pipeline = pipeline;
    this.jobs = jobs;
  }

  void start(StartRequest req) throws VmRuntimeException, IOException {
    VmIdentity id = req.id();
    if (host.registry.handle(id.uid()).isPresent()) return;
    if (host.registry.closing()) throw new VmRuntimeException("AgentStopping", "the agent is shutting down", false);
    try (JobLock.Job job = jobs.take(id, JobKind.Start)) {
      if (host.registry.handle(id.uid()).isPresent()) return;
      var stray = host.inCgroup(id.uid());
      if (stray.isPresent() || host.registry.unreachable(id.uid()).isPresent()) { // exactly one QEMU per VM
        long pid = stray.map(q -> q.pid()).orElseGet(() -> host.registry.unreachable(id.uid()).get().pid());
        throw new VmRuntimeException("StrayQemu", "process " + pid + " already runs in this VM's"
            + " cgroup; the agent adopts it on restart, or stop it by hand", false);
      }
      VmRecord rec = host.store.load(id.uid()).orElseThrow(); // the job wrote it
      StartContext ctx = new StartContext(host.store, req, host.paths(id.uid()), rec);
      try {
        pipeline.run(ctx, kind -> phase(job, "step:" + kind));
      } catch (VmRuntimeException | StateWriteException e) {
        throw e;
      } catch (IOException e) {
        throw new VmRuntimeException("HostError", "cannot prepare VM on the host: " + e.getMessage(), false, e);
      } catch (Exception e) {
        throw new VmRuntimeException("HostError", "cannot start the VM: " + e.getMessage(), false, e);
      }
      job.phase("spawned");
      host.registry.clearExit(id.uid());
      if (req.mode() == StartMode.Run) {
        awaitConsoles(id);
        try {
          ctx.handle.monitor.execute("cont", null);
        } catch (QmpException e) { // QEMU runs with CPUs stopped: the next reconcile resumes them
          LOG.warn("VM {}: cont after start failed: {}", id.displayName(), e.getMessage());
        }
      }
      LOG.info("VM {}: started {} ({})", id.displayName(), ctx.qemu, req.mode());
    }
  }

  /** QEMU drops console output while its drain socket is unconnected: the CPUs run once it connected. */
  private void awaitConsoles(VmIdentity id) {
    try {
      var missing = host.consoles.awaitConnected(id.uid(), CONSOLE_CONNECT_WAIT);
      if (!missing.isEmpty()) {
        LOG.warn("VM {}: QEMU has not connected to console drains {} yet; guest output until it does is lost",
            id.displayName(), missing);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void phase(JobLock.Job job, String phase) {
    try {
      job.phase(phase);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
