package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** A SCSI controller; Lsi has a narrow bus (units 0-6), VirtioScsi a wide one (units 0-15 but 7). */
public class ScsiController {
  @JsonPropertyDescription("Controller model: VirtioScsi (wide bus) or Lsi (narrow bus).")
  @Default("VirtioScsi")
  public ScsiModel model = ScsiModel.VirtioScsi;
}
