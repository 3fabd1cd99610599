package io.virtnode.node.security;

import java.io.IOException;

/** A user-supplied path the agent refuses to use, with a CamelCase reason and a message naming the path. */
public class PathRefusedException extends IOException {
  private final String reason;
  private final String path;

  public PathRefusedException(String reason, String path, String detail) {
    super(reason + ": " + printable(path) + ": " + detail);
    this.reason = reason;
    this.path = path;
  }

  /** CamelCase reason for a condition, e.g. "SymlinkRefused", "OutsideRoots". */
  public String reason() { return reason; }

  /** The path as given (may contain the control characters that got it refused). */
  public String path() { return path; }

  /** The path with control characters escaped, so a message can never inject lines into a log. */
  static String printable(String path) {
    if (path == null) {
      return "<null>";
    }
    StringBuilder out = new StringBuilder(Math.min(path.length(), 300) + 2).append('"');
    for (int i = 0; i < path.length() && out.length() < 300; i++) {
      char c = path.charAt(i);
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\0' -> out.append("\\0");
        case '"', '\\' -> out.append('\\').append(c);
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (path.length() > 0 && out.length() >= 300) {
      out.append("...(").append(path.length()).append(" chars)");
    }
    return out.append('"').toString();
  }
}
