package dev.mcpkit.client;

import dev.mcpkit.core.schema.LoggingLevel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A notification from the server, typed. In 2026-07-28 change notifications arrive on a {@code
 * subscriptions/listen} stream; in the 2025 era on the GET stream (or stdout). Listeners see the
 * same types either way.
 */
public sealed interface ServerNotification {

  /** The JSON-RPC method. */
  String method();

  /** {@code notifications/tools/list_changed}. */
  record ToolsListChanged() implements ServerNotification {
    @Override
    public String method() {
      return "notifications/tools/list_changed";
    }
  }

  /** {@code notifications/prompts/list_changed}. */
  record PromptsListChanged() implements ServerNotification {
    @Override
    public String method() {
      return "notifications/prompts/list_changed";
    }
  }

  /** {@code notifications/resources/list_changed}. */
  record ResourcesListChanged() implements ServerNotification {
    @Override
    public String method() {
      return "notifications/resources/list_changed";
    }
  }

  /** {@code notifications/resources/updated}. */
  record ResourceUpdated(String uri) implements ServerNotification {
    @Override
    public String method() {
      return "notifications/resources/updated";
    }
  }

  /** {@code notifications/message}: a log message from the server. */
  record LogMessage(LoggingLevel level, String logger, JsonNode data) implements ServerNotification {
    @Override
    public String method() {
      return "notifications/message";
    }
  }

  /** Any other notification, untyped. */
  record Other(String method, ObjectNode params) implements ServerNotification {}
}
