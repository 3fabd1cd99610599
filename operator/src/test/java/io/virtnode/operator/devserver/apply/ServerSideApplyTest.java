package io.virtnode.operator.devserver.apply;

import static io.virtnode.operator.devserver.apply.VmObjects.T1;
import static io.virtnode.operator.devserver.apply.VmObjects.T2;
import static io.virtnode.operator.devserver.apply.VmObjects.T3;
import static io.virtnode.operator.devserver.apply.VmObjects.fieldsOf;
import static io.virtnode.operator.devserver.apply.VmObjects.json;
import static io.virtnode.operator.devserver.apply.VmObjects.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Apply semantics as the Kubernetes "Server-Side Apply" documentation describes them. */
@Tag("api")
class ServerSideApplyTest {
  private final ServerSideApply ssa = VmObjects.vmApply();

  @Test
  void aFieldTheManagerStopsSendingIsRemoved() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{cpus: 2, memory: 1Gi}"), "gitops", false, "", T1);
    ObjectNode next = ssa.apply(live, vm("{cpus: 2}"), "gitops", false, "", T2);

    assertThat(next.path("spec")).isEqualTo(json("{\"cpus\": 2}"));
    assertThat(fieldsOf(next, "gitops", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:cpus\": {}}}"));
  }

  @Test
  void aDroppedFieldAnotherManagerOwnsStaysAndOnlyOwnershipGoes() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{cpus: 2, memory: 1Gi}"), "gitops", false, "", T1);
    live = ssa.apply(live, vm("{memory: 1Gi}"), "tuner", false, "", T2);
    ObjectNode next = ssa.apply(live, vm("{cpus: 2}"), "gitops", false, "", T3);

    assertThat(next.path("spec").path("memory").asText()).isEqualTo("1Gi");
    assertThat(fieldsOf(next, "gitops", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:cpus\": {}}}"));
    assertThat(fieldsOf(next, "tuner", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:memory\": {}}}"));
  }

  @Test
  void listMapItemsMergeByKeyAndAnItemNoLongerSentIsRemoved() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{disks: [{name: root, path: /r.img}, {name: data, path: /d.img}]}"),
        "gitops", false, "", T1);
    live = ssa.apply(live, vm("{disks: [{name: scratch, path: /s.img}]}"), "agent", false, "", T2);
    assertThat(live.path("spec").path("disks").findValuesAsText("name")).containsExactly("root", "data", "scratch");

    ObjectNode next = ssa.apply(live, vm("{disks: [{name: root, path: /r2.img}]}"), "gitops", false, "", T3);

    assertThat(next.path("spec").path("disks")).isEqualTo(json(
        "[{\"name\": \"root\", \"path\": \"/r2.img\"}, {\"name\": \"scratch\", \"path\": \"/s.img\"}]"));
    assertThat(fieldsOf(next, "gitops", "Apply")).isEqualTo(json("""
        {"f:spec": {"f:disks": {"k:{\\"name\\":\\"root\\"}": {".": {}, "f:name": {}, "f:path": {}}}}}"""));
  }

  @Test
  void changingAFieldAnotherApplierOwnsIsAConflictNamingManagerAndField() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{cpus: 2, disks: [{name: root, path: /r.img}]}"), "gitops", false, "", T1);

    assertThatThrownBy(() -> ssa.apply(live, vm("{cpus: 4}"), "tuner", false, "", T2))
        .isInstanceOfSatisfying(ApplyConflictException.class, e -> {
          assertThat(e.conflicts()).containsExactly(new Conflict("gitops", ".spec.cpus"));
          assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"gitops\": .spec.cpus");
          assertThat(e.status()).isEqualTo(json("""
              {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
               "message": "Apply failed with 1 conflict: conflict with \\"gitops\\": .spec.cpus",
               "reason": "Conflict", "code": 409,
               "details": {"causes": [{"reason": "FieldManagerConflict", "message": "conflict with \\"gitops\\"",
                                       "field": ".spec.cpus"}]}}"""));
        });
    assertThatThrownBy(() -> ssa.apply(live, vm("{cpus: 3, disks: [{name: root, path: /other.img}]}"), "tuner",
        false, "", T2))
        .isInstanceOfSatisfying(ApplyConflictException.class, e -> {
          assertThat(e.conflicts()).containsExactly(new Conflict("gitops", ".spec.cpus"),
              new Conflict("gitops", ".spec.disks[name=\"root\"].path"));
          assertThat(e.getMessage()).isEqualTo("Apply failed with 2 conflicts: conflicts with \"gitops\":\n"
              + "- .spec.cpus\n- .spec.disks[name=\"root\"].path");
        });
  }

  @Test
  void forceTakesTheFieldOverAndTheOtherManagerLosesIt() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{cpus: 2, memory: 1Gi}"), "gitops", false, "", T1);
    ObjectNode next = ssa.apply(live, vm("{cpus: 4}"), "tuner", true, "", T2);

    assertThat(next.path("spec").path("cpus").asInt()).isEqualTo(4);
    assertThat(fieldsOf(next, "tuner", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:cpus\": {}}}"));
    assertThat(fieldsOf(next, "gitops", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:memory\": {}}}"));
  }

  @Test
  void applyingTheCurrentValueSharesOwnershipWithoutConflict() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{cpus: 2}"), "gitops", false, "", T1);
    ObjectNode next = ssa.apply(live, vm("{cpus: 2}"), "tuner", false, "", T2);

    assertThat(fieldsOf(next, "gitops", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:cpus\": {}}}"));
    assertThat(fieldsOf(next, "tuner", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:cpus\": {}}}"));
    assertThatThrownBy(() -> ssa.apply(next, vm("{cpus: 8}"), "tuner", false, "", T3))
        .isInstanceOf(ApplyConflictException.class).hasMessageContaining("conflict with \"gitops\"");
  }

  @Test
  void anUpdateTakesOwnershipOfWhatItChangedAndNeverConflicts() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{cpus: 2, memory: 1Gi}"), "gitops", false, "", T1);
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.get("spec")).put("cpus", 8);
    ObjectNode next = ssa.recordUpdate(live, edited, "kubectl-edit", "", T2);

    assertThat(fieldsOf(next, "kubectl-edit", "Update")).isEqualTo(json("{\"f:spec\": {\"f:cpus\": {}}}"));
    assertThat(fieldsOf(next, "gitops", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:memory\": {}}}"));
    assertThatThrownBy(() -> ssa.apply(next, vm("{cpus: 2, memory: 1Gi}"), "gitops", false, "", T3))
        .isInstanceOfSatisfying(ApplyConflictException.class, e -> assertThat(e.getMessage()).isEqualTo(
            "Apply failed with 1 conflict: conflict with \"kubectl-edit\" using virtnode.io/v1alpha1: .spec.cpus"));
  }

  @Test
  void statusIsAppliedThroughItsSubresourceOnlyAndOwnedApartFromSpec() throws Exception {
    ObjectNode withStatus = vm("{cpus: 2}");
    withStatus.set("status", json("{\"state\": \"Hacked\"}"));
    ObjectNode live = ssa.apply(null, withStatus, "gitops", false, "", T1);
    assertThat(live.has("status")).isFalse();

    ObjectNode status = VmObjects.yaml("apiVersion: virtnode.io/v1alpha1\nkind: VirtualMachine\n"
        + "metadata: {name: vm1, namespace: ns}\nspec: {cpus: 64}\n"
        + "status: {state: Running, conditions: [{type: Ready, status: 'True'}]}\n");
    ObjectNode next = ssa.apply(live, status, "agent", false, "status", T2);

    assertThat(next.path("spec").path("cpus").asInt()).isEqualTo(2);
    assertThat(next.path("status").path("state").asText()).isEqualTo("Running");
    assertThat(next.path("metadata").path("managedFields").get(1)).isEqualTo(json("""
        {"manager": "agent", "operation": "Apply", "apiVersion": "virtnode.io/v1alpha1",
         "time": "2026-01-01T11:00:00Z", "fieldsType": "FieldsV1",
         "fieldsV1": {"f:status": {"f:conditions": {"k:{\\"type\\":\\"Ready\\"}": {".": {}, "f:status": {}, "f:type": {}}},
                      "f:state": {}}},
         "subresource": "status"}"""));
    ObjectNode specAgain = ssa.apply(next, vm("{cpus: 2}"), "gitops", false, "", T3);
    assertThat(specAgain.path("status").path("state").asText()).isEqualTo("Running");
  }

  @Test
  void atomicListsAndMapsAreReplacedWholeAndOwnedAsAWhole() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{args: [a, b], firmware: {kind: efi, path: /f.fd}}"), "gitops", false,
        "", T1);
    assertThat(fieldsOf(live, "gitops", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:args\": {}, \"f:firmware\": {}}}"));

    assertThatThrownBy(() -> ssa.apply(live, vm("{args: [c]}"), "other", false, "", T2))
        .isInstanceOfSatisfying(ApplyConflictException.class,
            e -> assertThat(e.conflicts()).containsExactly(new Conflict("gitops", ".spec.args")));
    ObjectNode next = ssa.apply(live, vm("{args: [c], firmware: {kind: bios}}"), "gitops", false, "", T2);
    assertThat(next.path("spec")).isEqualTo(json("{\"args\": [\"c\"], \"firmware\": {\"kind\": \"bios\"}}"));
  }

  @Test
  void setItemsAreOwnedByValueAndRemovedOnlyByTheirOwner() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{tags: [a, b]}"), "gitops", false, "", T1);
    live = ssa.apply(live, vm("{tags: [c]}"), "agent", false, "", T2);
    ObjectNode next = ssa.apply(live, vm("{tags: [a]}"), "gitops", false, "", T3);

    assertThat(next.path("spec").path("tags")).isEqualTo(json("[\"a\", \"c\"]"));
    assertThat(fieldsOf(next, "agent", "Apply")).isEqualTo(json("{\"f:spec\": {\"f:tags\": {\"v:\\\"c\\\"\": {}}}}"));
  }

  @Test
  void labelsMergeKeyByKeyAndFinalizersAreASet() throws Exception {
    ObjectNode mine = vm("{cpus: 1}");
    mine.with("metadata").set("labels", json("{\"app\": \"web\"}"));
    mine.with("metadata").set("finalizers", json("[\"virtnode.io/disk\"]"));
    ObjectNode live = ssa.apply(null, mine, "gitops", false, "", T1);
    ObjectNode theirs = VmObjects.yaml("apiVersion: virtnode.io/v1alpha1\nkind: VirtualMachine\n"
        + "metadata: {name: vm1, labels: {tier: db}, finalizers: [other.io/x]}\n");
    ObjectNode next = ssa.apply(live, theirs, "ops", false, "", T2);

    assertThat(next.path("metadata").path("labels")).isEqualTo(json("{\"app\": \"web\", \"tier\": \"db\"}"));
    assertThat(next.path("metadata").path("finalizers")).isEqualTo(json("[\"virtnode.io/disk\", \"other.io/x\"]"));
    assertThat(fieldsOf(next, "ops", "Apply")).isEqualTo(json(
        "{\"f:metadata\": {\"f:finalizers\": {\"v:\\\"other.io/x\\\"\": {}}, \"f:labels\": {\"f:tier\": {}}}}"));
  }

  @Test
  void aManagerThatNoLongerOwnsAnythingDisappearsFromManagedFields() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{cpus: 2}"), "gitops", false, "", T1);
    ObjectNode next = ssa.apply(live, vm("{cpus: 4}"), "tuner", true, "", T2);

    assertThat(next.path("metadata").path("managedFields").findValuesAsText("manager")).containsExactly("tuner");
  }

  @Test
  void aNoOpApplyKeepsTheObjectAndTheTimestamp() throws Exception {
    ObjectNode live = ssa.apply(null, vm("{cpus: 2}"), "gitops", false, "", T1);
    ObjectNode again = ssa.apply(live, vm("{cpus: 2}"), "gitops", false, "", T3);

    assertThat(again).isEqualTo(live);
  }

  @Test
  void ownerReferencesMergeByUid() throws Exception {
    ObjectNode mine = vm("{cpus: 1}");
    mine.with("metadata").set("ownerReferences", json("[{\"apiVersion\": \"v1\", \"kind\": \"Pod\", \"name\": \"a\", \"uid\": \"u1\"}]"));
    ObjectNode live = ssa.apply(null, mine, "gitops", false, "", T1);
    ObjectNode theirs = VmObjects.yaml("apiVersion: virtnode.io/v1alpha1\nkind: VirtualMachine\n"
        + "metadata: {name: vm1, ownerReferences: [{apiVersion: v1, kind: Pod, name: b, uid: u2}]}\n");
    ObjectNode next = ssa.apply(live, theirs, "ops", false, "", T2);

    assertThat(next.path("metadata").path("ownerReferences").findValuesAsText("uid")).containsExactly("u1", "u2");
    assertThat(fieldsOf(next, "ops", "Apply").path("f:metadata").path("f:ownerReferences").has("k:{\"uid\":\"u2\"}"))
        .isTrue();
  }

  @Test
  void withoutAStatusSubresourceStatusIsAnOrdinaryOwnedField() throws Exception {
    ServerSideApply plain = new ServerSideApply(ListSemantics.fromSchema(VmObjects.yaml(VmObjects.SCHEMA)), false);
    ObjectNode config = vm("{cpus: 1}");
    config.putObject("status").put("state", "Running");
    ObjectNode live = plain.apply(null, config, "gitops", false, "", T1);

    assertThat(live.path("status").path("state").asText()).isEqualTo("Running");
    assertThat(fieldsOf(live, "gitops", "Apply").path("f:status").has("f:state")).isTrue();
  }

  @Test
  void aMissingSchemaTreatsKeysAsStructFieldsAndListsAsAtomic() throws Exception {
    ServerSideApply none = new ServerSideApply(ListSemantics.fromSchema(json("{}")));
    ObjectNode live = none.apply(null, vm("{disks: [{name: root}], nested: {a: 1}}"), "m", false, "", T1);

    assertThat(fieldsOf(live, "m", "Apply")).isEqualTo(json(
        "{\"f:spec\": {\"f:disks\": {}, \"f:nested\": {\"f:a\": {}}}}"));
  }
}
