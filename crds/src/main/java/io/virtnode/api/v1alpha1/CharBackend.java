package io.virtnode.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Host side of a character device: a file (appended), a FIFO pair, a unix socket or a pty. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'Pty' ? !has(self.path) : has(self.path)",
    message = "path is required for File, Pipe and Unix backends and not allowed for Pty")
@ValidationRule(value = "!has(self.server) || self.type == 'Unix'", message = "server only applies to Unix backends")
public class CharBackend {
  @JsonPropertyDescription("Backend kind: File, Pipe, Unix or Pty.")
  @Required
  public CharBackendType type;

  @JsonPropertyDescription("Absolute host path (File: created if missing, appended to; Pipe: FIFO or FIFO.in/.out; Unix: socket).")
  @Pattern(Bounds.PATH_PATTERN) @Size(max = Bounds.PATH)
  @ValidationRule(value = "!self.matches('(^|/)\\\\.\\\\.?(/|$)')", message = "path must not contain . or .. components")
  public String path;

  @JsonPropertyDescription("Unix only: QEMU listens on the socket (true, the default) or connects to an existing one (false).")
  public Boolean server;
}
