package dev.mcpkit.core.protocol;

/** MCP method names, all revisions. */
public final class Methods {

  /** The 2025-era handshake request (not used from 2026-07-28). */
  public static final String INITIALIZE = "initialize";
  /** Liveness check, answered with an empty result. */
  public static final String PING = "ping";
  /** 2026-07-28: asks a server for its versions, capabilities and info (replaces the handshake). */
  public static final String SERVER_DISCOVER = "server/discover";
  /** Lists the server's tools. */
  public static final String TOOLS_LIST = "tools/list";
  /** Calls a tool. */
  public static final String TOOLS_CALL = "tools/call";
  /** Lists the server's fixed resources. */
  public static final String RESOURCES_LIST = "resources/list";
  /** Lists the server's resource templates. */
  public static final String RESOURCES_TEMPLATES_LIST = "resources/templates/list";
  /** Reads a resource by URI. */
  public static final String RESOURCES_READ = "resources/read";
  /** 2025 era: asks for {@code notifications/resources/updated} about one URI. */
  public static final String RESOURCES_SUBSCRIBE = "resources/subscribe";
  /** 2025 era: cancels a {@code resources/subscribe}. */
  public static final String RESOURCES_UNSUBSCRIBE = "resources/unsubscribe";
  /** Lists the server's prompts. */
  public static final String PROMPTS_LIST = "prompts/list";
  /** Gets a prompt, with arguments filled in. */
  public static final String PROMPTS_GET = "prompts/get";
  /** Asks for completion values of a prompt argument or template variable. */
  public static final String COMPLETION_COMPLETE = "completion/complete";
  /** 2025 era: sets the level of {@code notifications/message} for the session. */
  public static final String LOGGING_SET_LEVEL = "logging/setLevel";
  /** 2026-07-28: opens a stream of the notifications the client subscribes to. */
  public static final String SUBSCRIPTIONS_LISTEN = "subscriptions/listen";

  /** Server to client: asks the client's model for a completion. */
  public static final String SAMPLING_CREATE_MESSAGE = "sampling/createMessage";
  /** Server to client: asks the user for input. */
  public static final String ELICITATION_CREATE = "elicitation/create";
  /** Server to client: asks for the client's roots. */
  public static final String ROOTS_LIST = "roots/list";

  /** 2025 era: the client's notice that the handshake is done. */
  public static final String NOTIFICATION_INITIALIZED = "notifications/initialized";
  /** Either side: a request it sent is abandoned. */
  public static final String NOTIFICATION_CANCELLED = "notifications/cancelled";
  /** Progress of a request that carried a progress token. */
  public static final String NOTIFICATION_PROGRESS = "notifications/progress";
  /** A log message from the server. */
  public static final String NOTIFICATION_MESSAGE = "notifications/message";
  /** The server's tool list changed. */
  public static final String NOTIFICATION_TOOLS_LIST_CHANGED = "notifications/tools/list_changed";
  /** The server's prompt list changed. */
  public static final String NOTIFICATION_PROMPTS_LIST_CHANGED = "notifications/prompts/list_changed";
  /** The server's resource list changed. */
  public static final String NOTIFICATION_RESOURCES_LIST_CHANGED = "notifications/resources/list_changed";
  /** A subscribed resource changed. */
  public static final String NOTIFICATION_RESOURCES_UPDATED = "notifications/resources/updated";
  /** The client's roots changed. */
  public static final String NOTIFICATION_ROOTS_LIST_CHANGED = "notifications/roots/list_changed";
  /** 2026-07-28: the first message of a {@code subscriptions/listen} stream, saying what it carries. */
  public static final String NOTIFICATION_SUBSCRIPTIONS_ACKNOWLEDGED = "notifications/subscriptions/acknowledged";
  /** 2025-11-25: a URL-mode elicitation finished out of band. */
  public static final String NOTIFICATION_ELICITATION_COMPLETE = "notifications/elicitation/complete";

  private Methods() {}
}
