package io.virtnode.node.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs qemu-img with a timeout, collecting stdout and stderr; kills it when the timeout passes. */
final class QemuImgRunner {
  /** Exit code and output of one run. */
  record Result(int exitCode, String stdout, String stderr) {}

  private QemuImgRunner() {}

  static Result run(List<String> command, Duration timeout) throws DiskChainException {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
          .start();
    } catch (IOException e) {
      throw new DiskChainException("cannot run " + command.get(0) + " (install Debian package qemu-utils): "
          + e.getMessage(), e);
    }
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        throw new DiskChainException(String.join(" ", command) + ": no answer within " + timeout.toSeconds()
            + " s, killed (is the image on a hung mount?)");
      }
      return new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS).strip());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new DiskChainException("interrupted while running " + command.get(0), e);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new DiskChainException("cannot read the output of " + command.get(0), e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
