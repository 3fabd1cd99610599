package io.virtnode.node.state;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the agent knows and owns of one VM on this node, written to disk before it acts, so a restarted
 * agent reconnects instead of restarting. Exists from the first start until the VM is deleted. The owner is
 * uid AND namespace/name: a record is only ever acted on for a VM of exactly that identity.
 *
 * @param schemaVersion format of the record; older records are upgraded when read ({@link RecordUpgrade})
 * @param uid the VirtualMachine's uid: the record's key
 * @param namespace namespace of the VM
 * @param name name of the VM
 * @param addresses guest addresses, kept across restarts
 * @param claims host resources taken for the VM, in the order they were taken (released in reverse)
 * @param deviceAcl the VM's cgroup device allow-list as last set (rules as in devices.allow), or null
 * @param job the job in flight, or null
 * @param process the QEMU process while one exists, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VmRecord(int schemaVersion, String uid, String namespace, String name, Map<String, String> addresses,
    List<Claim> claims, List<String> deviceAcl, JobRecord job, ProcessRecord process) {
  /** The format this agent writes. */
  public static final int SCHEMA_VERSION = 1;
  /** Kind of the claim on an image file the agent created (scope VM: removed when the VM is deleted). */
  public static final String IMAGE = "image";

  public VmRecord {
    addresses = Map.copyOf(addresses == null ? Map.of() : addresses);
    claims = List.copyOf(claims == null ? List.of() : claims);
    deviceAcl = deviceAcl == null ? null : List.copyOf(deviceAcl);
  }

  public static VmRecord fresh(String uid, String namespace, String name) {
    return new VmRecord(SCHEMA_VERSION, uid, namespace, name, Map.of(), List.of(), null, null, null);
  }

  public VmRecord withProcess(ProcessRecord p) {
    return new VmRecord(schemaVersion, uid, namespace, name, addresses, claims, deviceAcl, job, p);
  }

  public VmRecord withAddresses(Map<String, String> a) {
    return new VmRecord(schemaVersion, uid, namespace, name, a, claims, deviceAcl, job, process);
  }

  public VmRecord withJob(JobRecord j) {
    return new VmRecord(schemaVersion, uid, namespace, name, addresses, claims, deviceAcl, j, process);
  }

  public VmRecord withDeviceAcl(List<String> rules) {
    return new VmRecord(schemaVersion, uid, namespace, name, addresses, claims, rules, job, process);
  }

  /** Adds the claim at the end (idempotent: an equal claim is kept where it is). */
  public VmRecord withClaim(Claim c) {
    if (claims.contains(c)) return this;
    var next = new ArrayList<>(claims);
    next.add(c);
    return new VmRecord(schemaVersion, uid, namespace, name, addresses, next, deviceAcl, job, process);
  }

  public VmRecord withoutClaim(Claim c) {
    var next = new ArrayList<>(claims);
    next.remove(c);
    return new VmRecord(schemaVersion, uid, namespace, name, addresses, next, deviceAcl, job, process);
  }

  /** Image files this agent created for the VM, removed when it is deleted. */
  @JsonIgnore
  public List<String> createdFiles() {
    return claims.stream().filter(c -> c.kind().equals(IMAGE)).map(Claim::key).toList();
  }

  public VmRecord withCreatedFile(String path) { return withClaim(Claim.vm(IMAGE, path)); }

  /** Claims that end with the QEMU process, in the order taken. */
  @JsonIgnore
  public List<Claim> runClaims() { return claims.stream().filter(c -> c.scope() == Claim.Scope.RUN).toList(); }

  /** True when this record belongs to exactly that VM: same uid, namespace and name. */
  public boolean ownedBy(String u, String ns, String n) {
    return uid.equals(u) && namespace.equals(ns) && name.equals(n);
  }

  /** namespace/name, for logs. */
  public String displayName() { return namespace + "/" + name; }
}
