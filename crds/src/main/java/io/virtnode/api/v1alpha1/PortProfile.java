package io.virtnode.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A virtual-port profile (802.1Qbg VSI type or 802.1Qbh port profile) that direct VM interfaces associate with. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("portprofile")
@AdditionalPrinterColumn(name = "Type", jsonPath = ".spec.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "ManagerID", jsonPath = ".spec.managerId", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "TypeID", jsonPath = ".spec.typeId", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Version", jsonPath = ".spec.typeIdVersion", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "ProfileID", jsonPath = ".spec.profileId", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "InstanceID", jsonPath = ".status.instanceId", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@SchemaCustomizer(value = DeepMergeCustomizer.class, input = "{\"required\":[\"spec\"],\"properties\":{"
    + "\"spec\":{\"description\":\"The standard and its identifiers, checked for range and for the fields its type takes.\"},"
    + "\"status\":{\"description\":\"The instance UUID in use and the VM interfaces associated with the profile.\"}}}")
public class PortProfile extends CustomResource<PortProfileSpec, PortProfileStatus> {
}
