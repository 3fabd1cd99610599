package io.virtnode.node.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What the agent knows and owns of one VM on this node, written to disk before it acts, so a restarted
 * agent reconnects instead of restarting. Exists from the first start until the VM is deleted.
 *
 * @param uid the VirtualMachine's uid: the record's key
 * @param namespace namespace of the VM
 * @param name name of the VM
 * @param addresses guest addresses, kept across restarts
 * @param createdFiles files this agent created for the VM (e.g. disk images from create), removed on delete
 * @param process the QEMU process while one exists, else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VmRecord(String uid, String namespace, String name, Map<String, String> addresses,
    List<String> createdFiles, ProcessRecord process) {

  public VmRecord {
    addresses = Map.copyOf(addresses == null ? Map.of() : addresses);
    createdFiles = List.copyOf(createdFiles == null ? List.of() : createdFiles);
  }

  public static VmRecord fresh(String uid, String namespace, String name) {
    return new VmRecord(uid, namespace, name, Map.of(), List.of(), null);
  }

  public VmRecord withProcess(ProcessRecord p) {
    return new VmRecord(uid, namespace, name, addresses, createdFiles, p);
  }

  public VmRecord withAddresses(Map<String, String> a) {
    return new VmRecord(uid, namespace, name, a, createdFiles, process);
  }

  public VmRecord withCreatedFile(String path) {
    var files = new java.util.ArrayList<>(createdFiles);
    if (!files.contains(path)) files.add(path);
    return new VmRecord(uid, namespace, name, addresses, files, process);
  }

  /** namespace/name, for logs. */
  public String displayName() { return namespace + "/" + name; }
}
