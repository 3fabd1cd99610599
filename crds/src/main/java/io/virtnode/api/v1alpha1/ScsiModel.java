package io.virtnode.api.v1alpha1;

/** SCSI controller models served. */
public enum ScsiModel { VirtioScsi, Lsi }
