package dev.mcpkit.conformance;

import dev.mcpkit.server.McpServer;

/** Tools that only the 2026-07-28 scenarios of the conformance alpha call. */
final class ConformanceModernTools {

  private ConformanceModernTools() {}

  static void register(McpServer.Builder b) {
    // Filled in from the alpha's scenario contract.
  }
}
