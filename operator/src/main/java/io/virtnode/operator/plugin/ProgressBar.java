package io.virtnode.operator.plugin;

/** A one-line text progress bar: {@code [#########-----------]  45% Transferring}. */
final class ProgressBar {
  private ProgressBar() {
  }

  /** The bar for a percentage (null: nothing known yet) and a phase, {@code width} cells wide. */
  static String render(Integer percent, String phase, int width) {
    int clamped = percent == null ? 0 : Math.max(0, Math.min(100, percent));
    int filled = clamped * width / 100;
    String figure = percent == null ? "  -%" : String.format("%3d%%", clamped);
    String label = phase == null ? "Pending" : phase;
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + figure + " " + label;
  }
}
