package dev.mcpkit.cli;

import picocli.CommandLine.Option;

/** {@code --store} of the commands whose only shared state is cluster mode's ({@code serve}, {@code conformance-server}). */
final class StoreOption {

  @Option(names = "--store", defaultValue = "memory", paramLabel = "STORE",
      description = "memory (the default: this instance alone), or cluster mode with every instance on one Redis,"
          + " redis://[user:password@]host:port[/db]: they share 2025 sessions, change notifications, requestState"
          + " and per-client limits (HTTP only).")
  String store;
}
