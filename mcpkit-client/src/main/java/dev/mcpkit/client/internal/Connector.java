package dev.mcpkit.client.internal;

import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpHttpException;
import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.McpRpcException;
import dev.mcpkit.client.McpTimeoutException;
import dev.mcpkit.client.ServerInfo;
import dev.mcpkit.client.transport.HttpTransportOptions;
import dev.mcpkit.client.transport.LegacySseTransport;
import dev.mcpkit.client.transport.McpTransport;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.client.transport.StdioTransport;
import dev.mcpkit.client.transport.StreamableHttpTransport;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.InitializeResult;
import dev.mcpkit.core.schema.ServerCapabilities;
import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Era negotiation, as the 2026-07-28 backward-compatibility sections describe. HTTP: a modern
 * {@code server/discover}; a 4xx (or an error) that is not a recognised modern error falls back to
 * {@code initialize}, and a 400/404/405 to that falls back to the 2024-11-05 HTTP+SSE transport.
 * stdio and custom transports: probe with {@code server/discover}; a non-modern error or no answer
 * within the probe timeout means legacy. A forced revision skips the probing it makes pointless.
 */
public final class Connector {

  /** Where to connect. */
  public sealed interface Target {}

  public record UrlTarget(URI uri) implements Target {}

  public record StdioTarget(StdioCommand command) implements Target {}

  public record CustomTarget(McpTransport transport) implements Target {}

  /** The probe says: not modern; try the legacy handshake (with this version, if one was named). */
  private static final class FallBack extends Exception {
    final ProtocolVersion legacyVersion;

    FallBack(String reason, ProtocolVersion legacyVersion) {
      super(reason, null, false, false);
      this.legacyVersion = legacyVersion;
    }
  }

  private Connector() {}

  /** Connects the session; on failure everything opened is closed again. */
  public static void connect(Session session, Target target, HttpClient http) {
    switch (target) {
      case UrlTarget u -> http(session, u.uri(), http);
      case StdioTarget s -> channel(session, new StdioTransport(s.command(), session.settings().connectTimeout()), "stdio");
      case CustomTarget c -> channel(session, c.transport(), c.transport().describe());
    }
  }

  private static Rpc attach(Session session, McpTransport transport) {
    Rpc rpc = new Rpc(transport, session, session.settings().frames(), session.settings().secrets());
    session.attach(rpc);
    transport.start(rpc);
    return rpc;
  }

  private static void channel(Session session, McpTransport transport, String name) {
    ProtocolVersion forced = session.settings().forcedVersion();
    try {
      Rpc rpc = attach(session, transport);
      if (forced != null && Era.of(forced).usesInitialize()) {
        initialize(session, rpc, forced, name);
        return;
      }
      try {
        discover(session, rpc, forced, name, session.settings().probeTimeout(), true);
      } catch (FallBack f) {
        if (forced != null) {
          throw new McpProtocolException(transport.describe() + " does not speak protocol revision " + forced.id()
              + ": " + f.getMessage());
        }
        initialize(session, rpc, f.legacyVersion, name);
      }
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  private static void http(Session session, URI uri, HttpClient http) {
    ClientSettings s = session.settings();
    HttpTransportOptions opts = HttpTransportOptions.builder()
        .httpClient(http)
        .headers(s.headers())
        .auth(s.auth())
        .connectTimeout(s.connectTimeout())
        .maxMessageBytes(s.maxMessageBytes()).build();
    ProtocolVersion forced = s.forcedVersion();
    List<String> attempts = new ArrayList<>();
    StreamableHttpTransport streamable = new StreamableHttpTransport(uri, opts);
    try {
      Rpc rpc = attach(session, streamable);
      ProtocolVersion legacy = forced;
      if (forced == null || !Era.of(forced).usesInitialize()) {
        try {
          discover(session, rpc, forced, "streamable-http", s.requestTimeout(), false);
          return;
        } catch (FallBack f) {
          if (forced != null) {
            throw new McpProtocolException(uri + " does not speak protocol revision " + forced.id() + ": " + f.getMessage());
          }
          attempts.add("POST server/discover: " + f.getMessage());
          legacy = f.legacyVersion;
        }
      }
      try {
        initialize(session, rpc, legacy, "streamable-http");
        return;
      } catch (McpHttpException e) {
        if (!fallsBack(e.status())) {
          throw e;
        }
        attempts.add("POST initialize: " + e.getMessage());
      } catch (McpRpcException e) {
        if (!fallsBack(e.httpStatus())) {
          throw e;
        }
        attempts.add("POST initialize: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      streamable.close();
      throw e;
    }
    streamable.close();
    LegacySseTransport sse = new LegacySseTransport(uri, opts);
    try {
      Rpc rpc = attach(session, sse);
      initialize(session, rpc, forced, "http+sse");
    } catch (McpClientException e) {
      sse.close();
      attempts.add("GET (HTTP+SSE): " + e.getMessage());
      if (e instanceof dev.mcpkit.client.McpAuthorizationException || e instanceof McpConnectionException) {
        throw e;
      }
      throw new McpProtocolException("no MCP server found at " + uri + ":\n  " + String.join("\n  ", attempts), e);
    }
  }

  private static boolean fallsBack(int status) {
    return status == 400 || status == 404 || status == 405;
  }

  /** Errors that only a modern server sends: it is modern, and falling back would be wrong. */
  private static boolean isModernError(int code) {
    return code == ErrorCodes.HEADER_MISMATCH || code == ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY
        || code == ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION;
  }

  private static void discover(Session session, Rpc rpc, ProtocolVersion forced, String name, Duration timeout,
      boolean timeoutFallsBack) throws FallBack {
    ProtocolVersion candidate = forced != null ? forced : ProtocolVersion.LATEST;
    for (int attempt = 0; ; attempt++) {
      ObjectNode params = Json.object();
      params.set("_meta", session.modernMeta(candidate));
      Map<String, String> headers = rpc.transport().isHttp() ? session.standardHeaders(Methods.SERVER_DISCOVER, params) : Map.of();
      JsonNode result;
      try {
        result = rpc.call(rpc.nextId(), Methods.SERVER_DISCOVER, params, candidate, headers, timeout,
            !rpc.transport().cancelsByClosing());
      } catch (McpRpcException e) {
        if (e.code() == ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION) {
          ProtocolVersion next = Versions.pickModern(e.data(), forced);
          if (next != null && attempt < 2) {
            candidate = next;
            continue;
          }
          ProtocolVersion legacy = Versions.pickLegacy(e.data(), null);
          if (legacy != null) {
            throw new FallBack("the server supports only " + Versions.known(e.data()), legacy);
          }
          throw new McpProtocolException(rpc.transport().describe() + " supports none of mcpkit's protocol revisions: "
              + e.getMessage() + (e.data() == null ? "" : " " + e.data()));
        }
        if (isModernError(e.code())) {
          throw e;
        }
        throw new FallBack("JSON-RPC error " + e.code() + " (" + PeerText.line(e.getMessage(), 160) + ")", null);
      } catch (McpHttpException e) {
        if (fallsBack(e.status())) {
          throw new FallBack("HTTP " + e.status(), null);
        }
        throw e;
      } catch (McpTimeoutException e) {
        if (timeoutFallsBack) {
          throw new FallBack("no answer within " + timeout.toMillis() + " ms", null);
        }
        throw e;
      }
      JsonNode versions = result.get("supportedVersions");
      if (versions == null || !versions.isArray()) {
        throw new FallBack("server/discover answered without supportedVersions", null);
      }
      ProtocolVersion chosen = Versions.known(versions).contains(candidate) ? candidate : Versions.pickModern(versions, forced);
      if (chosen == null) {
        ProtocolVersion legacy = Versions.pickLegacy(versions, null);
        if (forced == null && legacy != null) {
          throw new FallBack("the server lists only " + versions, legacy);
        }
        throw new McpProtocolException(rpc.transport().describe() + " supports " + versions
            + ", none of which mcpkit can use" + (forced == null ? "" : " as " + forced.id()));
      }
      JsonNode impl = result.path("_meta").get(MetaKeys.SERVER_INFO);
      if (impl == null) {
        impl = result.get("serverInfo");
      }
      List<String> supported = new ArrayList<>();
      versions.forEach(v -> supported.add(v.asString("")));
      session.established(chosen, ServerInfo.builder()
          .protocolVersion(chosen)
          .transport(name)
          .implementation(convert(impl, Implementation.class))
          .capabilities(convert(result.get("capabilities"), ServerCapabilities.class))
          .instructions(result.path("instructions").isString() ? result.get("instructions").asString() : null)
          .supportedVersions(supported).build(), null);
      return;
    }
  }

  private static void initialize(Session session, Rpc rpc, ProtocolVersion offer, String name) {
    ProtocolVersion v0 = offer != null ? offer : Era.SESSION.newest();
    ObjectNode params = Json.object();
    params.put("protocolVersion", v0.id());
    params.set("capabilities", session.capabilities());
    params.set("clientInfo", Json.tree(session.settings().clientInfo()));
    JsonNode result = rpc.call(rpc.nextId(), Methods.INITIALIZE, params, null, Map.of(),
        session.settings().requestTimeout(), false);
    InitializeResult init = convert(result, InitializeResult.class);
    if (init == null || init.protocolVersion() == null) {
      throw new McpProtocolException(rpc.transport().describe() + " answered initialize without a protocolVersion");
    }
    ProtocolVersion v = ProtocolVersion.parse(init.protocolVersion()).filter(p -> Era.of(p).usesInitialize())
        .orElseThrow(() -> new McpProtocolException(rpc.transport().describe() + " chose protocol revision \""
            + PeerText.line(init.protocolVersion(), 40) + "\", which mcpkit does not speak in a session"));
    session.established(v, ServerInfo.builder()
        .protocolVersion(v)
        .transport(name)
        .implementation(init.serverInfo())
        .capabilities(init.capabilities())
        .instructions(init.instructions())
        .supportedVersions(List.of()).build(),
        () -> initialize(session, rpc, v0, name));
    rpc.notify(Methods.NOTIFICATION_INITIALIZED, null, v, Map.of());
    rpc.transport().established(v);
  }

  private static <T> T convert(JsonNode n, Class<T> type) {
    if (n == null || !n.isObject()) {
      return null;
    }
    try {
      return Json.convert(n, type);
    } catch (JacksonException e) {
      throw new McpProtocolException("the server's " + type.getSimpleName() + " is malformed: " + JsonErrors.describe(e));
    } catch (RuntimeException e) {
      throw new McpProtocolException("the server's " + type.getSimpleName() + " is malformed: " + PeerText.line(e.getMessage(), 200));
    }
  }
}
