package io.virtnode.operator;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** virtnode version. */
@Command(name = "version", description = "Print the version.")
class VersionCommand implements Callable<Integer> {
  @Override public Integer call() {
    System.out.println("virtnode " + Main.version());
    return 0;
  }
}
