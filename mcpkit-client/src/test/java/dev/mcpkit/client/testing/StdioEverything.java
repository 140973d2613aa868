package dev.mcpkit.client.testing;

import dev.mcpkit.conformance.EverythingServer;
import dev.mcpkit.server.stdio.StdioServer;

/** Main class: the everything server on stdin/stdout. */
public final class StdioEverything {

  private StdioEverything() {}

  public static void main(String[] args) {
    StdioServer.serve(EverythingServer.create());
  }
}
