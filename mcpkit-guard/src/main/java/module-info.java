/**
 * The security guard: detection rules (kept in a versioned rule file) applied to everything an MCP server shows a
 * model, checks of host launch configurations, and scan reports (human, JSON, SARIF 2.1.0). {@code
 * dev.mcpkit.guard.internal} (the detectors, the walk over a server's definitions, the report writers) is not
 * exported.
 */
module dev.mcpkit.guard {
  requires transitive dev.mcpkit.core;
  requires transitive dev.mcpkit.client;
  requires java.json.canonicalization;
  // Only StorePins (pins shared by several gateway instances) uses it: a guard without it runs without it.
  requires static dev.mcpkit.store;

  exports dev.mcpkit.guard;

  opens dev.mcpkit.guard to tools.jackson.databind;
}
