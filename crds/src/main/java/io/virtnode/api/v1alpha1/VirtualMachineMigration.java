package io.virtnode.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A request to move one running VirtualMachine of the same namespace to another node, live. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("vmm")
@AdditionalPrinterColumn(name = "VM", jsonPath = ".spec.vmName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Source", jsonPath = ".status.source.node", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".status.target.node", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Progress", jsonPath = ".status.progress.percent",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@SchemaCustomizer(value = DeepMergeCustomizer.class, input = "{\"properties\":{"
    + "\"spec\":{\"description\":\"Which VM to move, where to, and how the transfer may behave.\"},"
    + "\"status\":{\"description\":\"The phase (controller), the source and target sections (their agents) and progress.\"}}}")
public class VirtualMachineMigration extends CustomResource<VirtualMachineMigrationSpec, VirtualMachineMigrationStatus>
    implements Namespaced {
}
