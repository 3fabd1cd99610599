package io.virtnode.operator.plugin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Base of every plugin subcommand: the cluster client, the terminal, and errors turned into one message. */
abstract class PluginCommand implements Callable<Integer> {
  @ParentCommand
  KubectlCommand plugin;

  @Spec
  CommandSpec spec;

  private KubernetesClient client;

  /** The command's work; returns the exit code. */
  abstract int run() throws Exception;

  @Override public final Integer call() throws Exception {
    try {
      return run();
    } catch (PluginException e) {
      err().println(spec.name() + ": " + e.getMessage());
      return e.exitCode();
    } catch (KubernetesClientException e) {
      err().println(spec.name() + ": " + describe(e));
      return PluginException.FAILED;
    } finally {
      if (client != null) client.close();
    }
  }

  KubernetesClient client() {
    if (client == null) client = plugin.cluster.client();
    return client;
  }

  String namespace() {
    return plugin.cluster.namespace();
  }

  Vms vms() {
    return new Vms(client(), namespace());
  }

  PluginIo io() {
    return plugin.io();
  }

  PrintStream out() {
    return io().out();
  }

  PrintStream err() {
    return io().err();
  }

  private String describe(KubernetesClientException e) {
    String server = plugin.cluster.config().getMasterUrl();
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return "cannot reach the API server at " + server + ": " + cause.getMessage();
      }
    }
    if (e.getCode() == 401 || e.getCode() == 403) {
      return "the API server at " + server + " denied the request (" + e.getCode() + "): " + statusMessage(e);
    }
    return e.getCode() > 0 ? "the API server refused the request (" + e.getCode() + "): " + statusMessage(e)
        : e.getMessage();
  }

  static String statusMessage(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }
}
