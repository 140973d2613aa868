package dev.mcpkit.core.protocol;

/** Reserved {@code _meta} keys. */
public final class MetaKeys {

  /** The token the sender of a request chooses to receive {@code notifications/progress} for it. */
  public static final String PROGRESS_TOKEN = "progressToken";
  /** 2026-07-28: the revision a request is sent in (there is no handshake). */
  public static final String PROTOCOL_VERSION = "io.modelcontextprotocol/protocolVersion";
  /** 2026-07-28: the client's name and version, sent with each request. */
  public static final String CLIENT_INFO = "io.modelcontextprotocol/clientInfo";
  /** 2026-07-28: the client's capabilities, sent with each request. */
  public static final String CLIENT_CAPABILITIES = "io.modelcontextprotocol/clientCapabilities";
  /** 2026-07-28: the log level the client wants for this request's messages. */
  public static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
  /** 2026-07-28: the subscription a notification belongs to. */
  public static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
  /** 2026-07-28: the server's name and version, in results. */
  public static final String SERVER_INFO = "io.modelcontextprotocol/serverInfo";
  /** Reserved for W3C Trace Context's {@code traceparent}; mcpkit neither reads nor sets it. */
  public static final String TRACEPARENT = "traceparent";
  /** Reserved for W3C Trace Context's {@code tracestate}; mcpkit neither reads nor sets it. */
  public static final String TRACESTATE = "tracestate";
  /** Reserved for W3C Baggage; mcpkit neither reads nor sets it. */
  public static final String BAGGAGE = "baggage";

  private MetaKeys() {}
}
