package io.virtnode.api.v1alpha1;

/** Group, version and well-known names of the virtnode.io/v1alpha1 API, in one place. */
public final class ApiGroup {
  public static final String GROUP = "virtnode.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  /** Label carrying the node a VirtualMachine is placed on; agents select their VMs by it. */
  public static final String NODE_LABEL = GROUP + "/node";
  /** The finalizer agents used before finalizers were per node; an agent replaces it with its own. */
  public static final String AGENT_FINALIZER = GROUP + "/agent";
  /** Prefix of the per-node agent finalizers. */
  public static final String AGENT_FINALIZER_PREFIX = GROUP + "/agent-";

  /** Finalizer held while the agent of that node may still own host resources of a VM. */
  public static String agentFinalizer(String node) { return AGENT_FINALIZER_PREFIX + node; }

  private ApiGroup() {}
}
