package io.virtnode.reconcile.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import java.util.ArrayList;
import java.util.List;

/** One owner's status fields as a server-side apply configuration. Pure. */
public final class OwnedStatus {
  private OwnedStatus() {}

  /**
   * The server-side apply configuration of one owner's status: apiVersion, kind, name, namespace and uid
   * (a precondition: never the status of a namesake), every owned field (null where the owner clears it),
   * and only this owner's conditions; the other owner's conditions are its own to apply.
   */
  public static ObjectNode apply(StatusOwner owner, VirtualMachine read, VirtualMachineStatus mine) {
    ObjectMapper json = Serialization.jsonMapper();
    ObjectNode all = json.valueToTree(mine);
    ObjectNode root = json.createObjectNode().put("apiVersion", read.getApiVersion()).put("kind", read.getKind());
    ObjectNode meta = root.putObject("metadata").put("name", read.getMetadata().getName())
        .put("namespace", read.getMetadata().getNamespace());
    if (read.getMetadata().getUid() != null) meta.put("uid", read.getMetadata().getUid());
    ObjectNode status = root.putObject("status");
    for (String f : owner.fields()) status.set(f, all.has(f) ? all.get(f) : json.nullNode());
    List<Condition> own = new ArrayList<>();
    for (Condition c : mine.conditions == null ? List.<Condition>of() : mine.conditions) {
      if (owner.ownsCondition(c.type)) own.add(c);
    }
    status.set("conditions", json.valueToTree(own));
    return root;
  }
}
