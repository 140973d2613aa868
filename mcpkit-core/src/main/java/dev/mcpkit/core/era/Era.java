package dev.mcpkit.core.era;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.util.Set;

/**
 * A wire era of MCP: what a revision's requests and results look like and how a conversation runs. There are three:
 *
 * <ul>
 *   <li>{@link #STATELESS}: 2026-07-28 and later. No {@code initialize}: every request carries the protocol version,
 *       client capabilities and client info (and its {@code logLevel}) in {@code params._meta}; results carry
 *       {@code resultType}; the server asks the client for input through {@code InputRequiredResult} (a multi
 *       round-trip); resource-not-found is -32602; {@code server/discover} replaces {@code ping};
 *       {@code subscriptions/listen} replaces the standalone stream; a request over HTTP is cancelled by closing its
 *       stream; HTTP requests carry {@code MCP-Protocol-Version} and {@code Mcp-Method}.
 *   <li>{@link #SESSION}: 2025-03-26 to 2025-11-25, over Streamable HTTP or stdio. An {@code initialize} handshake
 *       opens a session ({@code Mcp-Session-Id} on HTTP); the server sends requests to the client; resource-not-found
 *       is -32002; {@code logging/setLevel} and {@code notifications/cancelled}. Inside the era some rules depend on
 *       the exact revision: see {@link #allowsBatches}, {@link #sendsVersionHeader} and {@link #primesStreams}.
 *   <li>{@link #SSE}: 2024-11-05, the HTTP+SSE transport. Its messages follow the session rules: a 2024-11-05
 *       peer over stdio also opens with {@code initialize}, so it behaves exactly like {@link #SESSION} there; only
 *       the HTTP transport (GET for the event stream, POST to the announced endpoint) differs.
 * </ul>
 *
 * <p>An era is a value: compare with {@code ==} against the three constants, or switch over the sealed type.
 */
public sealed interface Era permits Era.Stateless, Era.Session, Era.Sse {

  /** 2026-07-28 and later: stateless, per-request {@code _meta}. */
  Era STATELESS = new Stateless();
  /** 2025-03-26 to 2025-11-25: {@code initialize} handshake and sessions. */
  Era SESSION = new Session();
  /** 2024-11-05: the HTTP+SSE transport (session rules for messages). */
  Era SSE = new Sse();

  /** The era a revision belongs to. */
  static Era of(ProtocolVersion version) {
    if (version.compareTo(ProtocolVersion.V2026_07_28) >= 0) {
      return STATELESS;
    }
    return version == ProtocolVersion.V2024_11_05 ? SSE : SESSION;
  }

  /**
   * The era of a request as its transport receives it: the one reader of "which era is this request" for the server's
   * transports. A request that names a live session ({@code Mcp-Session-Id} over HTTP) is in the session era.
   * Otherwise an {@code MCP-Protocol-Version} header, when there is one, decides: a revision that opens with
   * {@code initialize} (2024-11-05 included) means the session era, any other (stateless, or unknown and so newer)
   * the stateless era. Without the header (stdio has none; an HTTP client may leave it out), a request other than
   * {@code initialize} that carries its protocol version in {@code params._meta} is stateless, and anything else
   * belongs to the session era: an {@code initialize} opens a session, over stdio every other request belongs to
   * the process's one session, and over HTTP it is a session-era client that lost its session.
   *
   * @param namesSession whether the request named a live session (stdio requests name none)
   * @param versionHeader the request's {@code MCP-Protocol-Version} header, or {@code null} when it has none
   * @param request the request
   */
  static Era ofRequest(boolean namesSession, String versionHeader, JsonRpcRequest request) {
    if (namesSession) {
      return SESSION;
    }
    if (versionHeader != null) {
      Era named = ProtocolVersion.parse(versionHeader).map(Era::of).orElse(STATELESS);
      return named.usesInitialize() ? SESSION : STATELESS;
    }
    boolean stateless = !request.method().equals(Methods.INITIALIZE) && request.params() != null
        && request.params().path("_meta").has(MetaKeys.PROTOCOL_VERSION);
    return stateless ? STATELESS : SESSION;
  }

  /** The newest revision of this era: what a client offers first when it speaks this era. */
  ProtocolVersion newest();

  /** Whether a conversation opens with the {@code initialize} handshake (and keeps a session). */
  default boolean usesInitialize() {
    return true;
  }

  /** Whether results carry {@code resultType} (and cacheable results {@code ttlMs} and {@code cacheScope}). */
  default boolean hasResultType() {
    return false;
  }

  /**
   * Whether the server asks the client for input (elicitation, sampling, roots) inside results
   * ({@code InputRequiredResult}, a multi round-trip) instead of sending it requests.
   */
  default boolean usesInputRequiredResults() {
    return false;
  }

  /** Whether a request carries its log threshold in {@code _meta} (instead of {@code logging/setLevel}). */
  default boolean perRequestLogLevel() {
    return false;
  }

  /** Whether an HTTP client cancels a request by closing its stream (instead of {@code notifications/cancelled}). */
  default boolean cancelsByClosingStream() {
    return false;
  }

  /** The JSON-RPC code for "resource not found": -32002 in the session eras, -32602 when stateless. */
  default int resourceNotFoundCode() {
    return ErrorCodes.LEGACY_RESOURCE_NOT_FOUND;
  }

  /**
   * The HTTP status of a JSON-RPC error answered over Streamable HTTP: always 200 in the session eras; a stateless
   * server ties "method not found" to 404 and version, capability and header problems to 400.
   */
  default int httpStatus(int errorCode) {
    return 200;
  }

  /** The liveness check: {@code ping}, or {@code server/discover} when stateless. */
  default String livenessMethod() {
    return Methods.PING;
  }

  /**
   * Whether a method belongs to another era only: {@code initialize}, {@code ping}, {@code logging/setLevel} and
   * {@code resources/subscribe}/{@code unsubscribe} exist only in the session eras, {@code subscriptions/listen}
   * only when stateless. Methods of every era, and unknown ones, are not excluded (the router answers those).
   */
  default boolean excludes(String method) {
    return Methods.SUBSCRIPTIONS_LISTEN.equals(method);
  }

  /** The revision whose published schema validates request params in this era. */
  default ProtocolVersion requestSchemaVersion() {
    return ProtocolVersion.V2025_11_25;
  }

  /** Whether JSON-RPC batches are allowed: only in 2025-03-26 (added then, removed in 2025-06-18). */
  default boolean allowsBatches(ProtocolVersion version) {
    return version == ProtocolVersion.V2025_03_26;
  }

  /** Whether HTTP requests carry {@code MCP-Protocol-Version}: from 2025-06-18 on. */
  default boolean sendsVersionHeader(ProtocolVersion version) {
    return version.compareTo(ProtocolVersion.V2025_06_18) >= 0;
  }

  /**
   * Whether SSE streams are resumable ({@code Last-Event-ID}): in the session eras. A stateless request's stream
   * ends with the request; a client that loses it sends the request again.
   */
  default boolean resumesStreams() {
    return true;
  }

  /**
   * Whether the server opens a resumable SSE stream with a priming event (an id and empty data) so the client can
   * resume it before the first message: from 2025-11-25 on, in the session era (stateless streams are not resumed).
   */
  default boolean primesStreams(ProtocolVersion version) {
    return resumesStreams() && version.compareTo(ProtocolVersion.V2025_11_25) >= 0;
  }

  /** The stateless era (2026-07-28 and later). */
  final class Stateless implements Era {
    private static final Set<String> SESSION_ONLY = Set.of(Methods.INITIALIZE, Methods.PING,
        Methods.LOGGING_SET_LEVEL, Methods.RESOURCES_SUBSCRIBE, Methods.RESOURCES_UNSUBSCRIBE);

    private Stateless() {}

    @Override
    public ProtocolVersion newest() {
      return ProtocolVersion.V2026_07_28;
    }

    @Override
    public boolean usesInitialize() {
      return false;
    }

    @Override
    public boolean hasResultType() {
      return true;
    }

    @Override
    public boolean usesInputRequiredResults() {
      return true;
    }

    @Override
    public boolean perRequestLogLevel() {
      return true;
    }

    @Override
    public boolean cancelsByClosingStream() {
      return true;
    }

    @Override
    public boolean resumesStreams() {
      return false;
    }

    @Override
    public int resourceNotFoundCode() {
      return ErrorCodes.INVALID_PARAMS;
    }

    @Override
    public String livenessMethod() {
      return Methods.SERVER_DISCOVER;
    }

    @Override
    public boolean excludes(String method) {
      return SESSION_ONLY.contains(method);
    }

    @Override
    public int httpStatus(int errorCode) {
      return switch (errorCode) {
        case ErrorCodes.METHOD_NOT_FOUND -> 404;
        case ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY,
            ErrorCodes.HEADER_MISMATCH -> 400;
        default -> 200;
      };
    }

    @Override
    public ProtocolVersion requestSchemaVersion() {
      return ProtocolVersion.V2026_07_28;
    }

    @Override
    public String toString() {
      return "stateless";
    }
  }

  /** The session era (2025-03-26 to 2025-11-25). */
  final class Session implements Era {
    private Session() {}

    @Override
    public ProtocolVersion newest() {
      return ProtocolVersion.V2025_11_25;
    }

    @Override
    public String toString() {
      return "session";
    }
  }

  /** The HTTP+SSE era (2024-11-05). */
  final class Sse implements Era {
    private Sse() {}

    @Override
    public ProtocolVersion newest() {
      return ProtocolVersion.V2024_11_05;
    }

    @Override
    public String toString() {
      return "sse";
    }
  }
}
