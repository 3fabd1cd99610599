package io.virtnode.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** One PCI device of one node, kept by that node's agent; set mode Passthrough to let VMs use it. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("hostdev")
@AdditionalPrinterColumn(name = "Node", jsonPath = ".spec.nodeName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Address", jsonPath = ".spec.address", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Driver", jsonPath = ".status.driver", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "AssignedTo", jsonPath = ".status.assignedTo.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "Device", jsonPath = ".status.deviceName", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "IOMMUGroup", jsonPath = ".status.iommuGroup", type = AdditionalPrinterColumn.Type.INTEGER,
    priority = 1)
@SchemaCustomizer(value = DeepMergeCustomizer.class, input = "{\"required\":[\"spec\"],\"properties\":{"
    + "\"spec\":{\"description\":\"Which device on which node (both immutable) and who should drive it.\"},"
    + "\"status\":{\"description\":\"What the node's agent reads from sysfs and which VM holds the device.\"}}}")
public class HostDevice extends CustomResource<HostDeviceSpec, HostDeviceStatus> {
}
