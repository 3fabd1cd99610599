package io.virtnode.operator.devserver.apply;

/** A field an apply would change that another manager owns; field in kube's path form, e.g. {@code .spec.disks[name="root"].path}. */
public record Conflict(String manager, String field) {
}
