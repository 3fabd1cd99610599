package io.virtnode.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.v1.SchemaCustomizer;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A virtual machine run by the virtnode agent of the node it is placed on. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames("vm")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.nodeName", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
@AdditionalPrinterColumn(name = "VNC", jsonPath = ".status.vnc.endpoint", type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(name = "PID", jsonPath = ".status.pid", type = AdditionalPrinterColumn.Type.INTEGER, priority = 1)
@SchemaCustomizer(value = DeepMergeCustomizer.class, input = "{\"properties\":{"
    + "\"spec\":{\"description\":\"What the user wants: machine shape, devices, run state and placement.\"},"
    + "\"status\":{\"description\":\"What the controller and the node agent observe.\"}}}")
public class VirtualMachine extends CustomResource<VirtualMachineSpec, VirtualMachineStatus> implements Namespaced {
  // No initStatus(): a fresh object has no status, like the one stored, so status patches diff correctly.
}
