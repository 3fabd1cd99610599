package io.virtnode.api.v1alpha1;

/** Kinds of character-device backend. */
public enum CharBackendType { File, Pipe, Unix, Pty }
