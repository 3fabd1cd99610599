package io.virtnode.reconcile.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.virtnode.api.v1alpha1.Condition;
import io.virtnode.api.v1alpha1.VirtualMachine;
import io.virtnode.api.v1alpha1.VirtualMachineStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON merge patch of one owner's status fields: every owned field (null where the owner clears it) and
 * the conditions list made of this owner's conditions plus the other owner's as read. Pure.
 */
public final class OwnedStatus {
  private OwnedStatus() {}

  /** {"status": {...owned fields..., "conditions": [...]}}. */
  public static ObjectNode patch(StatusOwner owner, VirtualMachine read, VirtualMachineStatus mine) {
    ObjectMapper json = Serialization.jsonMapper();
    ObjectNode all = json.valueToTree(mine);
    ObjectNode status = json.createObjectNode();
    for (String f : owner.fields()) status.set(f, all.has(f) ? all.get(f) : json.nullNode());
    status.set("conditions", json.valueToTree(conditions(owner, read, mine)));
    ObjectNode root = json.createObjectNode();
    if (read.getMetadata().getUid() != null) root.putObject("metadata").put("uid", read.getMetadata().getUid());
    root.set("status", status); // the uid makes it a precondition: never the status of a namesake
    return root;
  }

  /** This owner's conditions from mine, then the other owner's from what was read, in that order. */
  public static List<Condition> conditions(StatusOwner owner, VirtualMachine read, VirtualMachineStatus mine) {
    List<Condition> out = new ArrayList<>();
    for (Condition c : mine.conditions == null ? List.<Condition>of() : mine.conditions) {
      if (owner.ownsCondition(c.type)) out.add(c);
    }
    var old = read.getStatus() == null ? List.<Condition>of() : read.getStatus().conditions;
    for (Condition c : old == null ? List.<Condition>of() : old) {
      if (!owner.ownsCondition(c.type)) out.add(c);
    }
    return out;
  }
}
