/**
 * Server-side apply for the embedded API server, as kube-apiserver does it with
 * sigs.k8s.io/structured-merge-diff: field sets per manager in metadata.managedFields (FieldsV1),
 * merge by the schema's list and map types, removal of fields an applier stopped sending, conflicts
 * with other managers, ownership taken by non-apply writes. Pure and stateless: the caller reads
 * the live object, calls {@link io.virtnode.operator.devserver.apply.ServerSideApply}, and
 * persists what it returns.
 */
package io.virtnode.operator.devserver.apply;
