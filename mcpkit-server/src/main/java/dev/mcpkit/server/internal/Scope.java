package dev.mcpkit.server.internal;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.CreateMessageRequest;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequest;
import dev.mcpkit.core.schema.ElicitRequestParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.InputResponse;
import dev.mcpkit.core.schema.ListRootsRequest;
import dev.mcpkit.core.schema.ListRootsResult;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.core.schema.LoggingMessageNotificationParams;
import dev.mcpkit.core.schema.ProgressNotificationParams;
import dev.mcpkit.core.schema.RequestParams;
import dev.mcpkit.server.Caller;
import dev.mcpkit.server.RequestContext;
import dev.mcpkit.server.transport.Exchange;
import dev.mcpkit.server.transport.InFlight;
import dev.mcpkit.server.transport.LegacySession;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The context of one request, in either era. Era differences end here: the session (2025) or the
 * request's {@code _meta} (2026) fill the same fields. Handlers see it through {@link Views}.
 */
final class Scope implements RequestContext {

  final String method;
  final Era era;
  final ProtocolVersion version;
  final ClientCapabilities capabilities;
  final Implementation clientInfo;
  final ObjectNode params;
  final ObjectNode meta;
  final LegacySession session;
  final Exchange exchange;
  final Caller caller;
  final InFlight inFlight;
  final LoggingLevel logLevel; // the 2026 per-request threshold; 2025 reads the session's
  // Made on the first ask: most requests never ask, and a 2026 broker digests the request's
  // parameters to bind its requestState, which would cost every tools/call.
  private final InputBroker.Factory inputFactory;
  private InputBroker inputs;
  private int autoKeys;

  /**
   * What the client declared for this request: in a 2025 session, at {@code initialize}; in 2026, in the request's
   * {@code _meta}.
   *
   * @param logLevel the 2026 per-request threshold ({@code null} in 2025, which reads the session's)
   */
  record Peer(ProtocolVersion version, ClientCapabilities capabilities, Implementation clientInfo,
      LoggingLevel logLevel) {}

  Scope(JsonRpcRequest request, Peer peer, Dispatcher.Incoming in, InputBroker.Factory inputs) {
    this.method = request.method();
    this.era = in.era();
    this.version = peer.version();
    this.capabilities = peer.capabilities() == null ? ClientCapabilities.none() : peer.capabilities();
    this.clientInfo = peer.clientInfo();
    this.params = request.params() == null ? Json.object() : request.params();
    this.meta = this.params.path("_meta") instanceof ObjectNode m ? m : Json.object();
    this.session = in.session();
    this.exchange = in.exchange();
    this.caller = in.caller();
    this.inFlight = in.inFlight();
    this.logLevel = peer.logLevel();
    this.inputFactory = inputs;
  }

  @Override
  public ProtocolVersion protocolVersion() {
    return version;
  }

  @Override
  public ClientCapabilities clientCapabilities() {
    return capabilities;
  }

  @Override
  public Optional<Implementation> clientInfo() {
    return Optional.ofNullable(clientInfo);
  }

  @Override
  public Optional<Caller> caller() {
    return Optional.ofNullable(caller);
  }

  @Override
  public ObjectNode meta() {
    return meta;
  }

  @Override
  public void progress(double progress, Double total, String message) {
    JsonNode token = meta.get(MetaKeys.PROGRESS_TOKEN);
    if (token == null || !(token.isString() || token.isIntegralNumber()) || inFlight.isCancelled()) {
      return;
    }
    exchange.send(new JsonRpcNotification(Methods.NOTIFICATION_PROGRESS, progressParams(token, progress, total,
        message)));
  }

  /**
   * The params of {@code notifications/progress}: the tree {@link ProgressNotificationParams} converts to (the same
   * members in the same order; ScopeProgressTest compares them), made directly. Converting the record built a
   * serialisation context and a tree-building generator for every notification, on the path of every call that
   * reports progress.
   */
  static ObjectNode progressParams(JsonNode token, double progress, Double total, String message) {
    ObjectNode p = Json.object();
    p.set("progressToken", token);
    putNumber(p, "progress", progress);
    if (total != null) {
      putNumber(p, "total", total);
    }
    if (message != null) {
      p.put("message", message);
    }
    return p;
  }

  /** Whole numbers go out as integers (50, not 50.0): some clients compare tokens and values by type. */
  private static void putNumber(ObjectNode p, String name, double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      p.put(name, (long) d);
    } else {
      p.put(name, BigDecimal.valueOf(d));
    }
  }

  @Override
  public java.util.Optional<LoggingLevel> logLevel() {
    return java.util.Optional.ofNullable(era.perRequestLogLevel() ? logLevel : session.logLevel());
  }

  @Override
  public void log(LoggingLevel level, String logger, Object data) {
    LoggingLevel threshold = era.perRequestLogLevel() ? logLevel : session.logLevel();
    if (era.perRequestLogLevel() && threshold == null) {
      return; // 2026: no notifications/message unless the request asked for a level
    }
    if (threshold != null && !level.isAtLeast(threshold)) {
      return;
    }
    if (inFlight.isCancelled()) {
      return;
    }
    var p = new LoggingMessageNotificationParams(level, logger, Json.tree(data), null);
    exchange.send(JsonRpcCodec.notification(Methods.NOTIFICATION_MESSAGE, p));
  }

  @Override
  public ElicitResult elicit(ElicitRequestParams params) {
    return (ElicitResult) askOne("elicit", new ElicitRequest(params));
  }

  @Override
  public CreateMessageResult sample(CreateMessageRequestParams params) {
    return (CreateMessageResult) askOne("sample", new CreateMessageRequest(params));
  }

  @Override
  public ListRootsResult listRoots() {
    return (ListRootsResult) askOne("roots", new ListRootsRequest(new RequestParams(null)));
  }

  /** One request under an automatic key: its kind and its position among this attempt's asks. */
  private InputResponse askOne(String kind, InputRequest request) {
    String key = kind + "-" + (++autoKeys);
    return ask(Map.of(key, request)).get(key);
  }

  @Override
  public Map<String, InputResponse> ask(Map<String, InputRequest> requests) {
    if (requests.isEmpty()) {
      return Map.of();
    }
    if (inputs == null) {
      inputs = inputFactory.create(this);
    }
    return inputs.ask(requests);
  }

  @Override
  public java.util.Set<String> answeredInputs() {
    if (!era.usesInputRequiredResults()) {
      return java.util.Set.of();
    }
    return broker() instanceof InputBroker.Mrtr m ? m.answeredKeys() : java.util.Set.of();
  }

  @Override
  public ObjectNode inputResponses() {
    if (!era.usesInputRequiredResults() || !(broker() instanceof InputBroker.Mrtr)) {
      return Json.object();
    }
    return params.get("inputResponses") instanceof ObjectNode o ? o.deepCopy() : Json.object();
  }

  @Override
  public Optional<String> inputState() {
    if (!era.usesInputRequiredResults()) {
      return Optional.empty();
    }
    return broker() instanceof InputBroker.Mrtr m ? Optional.ofNullable(m.handlerState()) : Optional.empty();
  }

  @Override
  public void inputRequired(Map<String, InputRequest> requests, String state) {
    if (!era.usesInputRequiredResults()) {
      throw new McpException(dev.mcpkit.core.jsonrpc.ErrorCodes.INTERNAL_ERROR, "an InputRequiredResult exists in"
          + " protocol revision " + ProtocolVersion.V2026_07_28.id() + " only; a handler asks a 2025 client with ask()");
    }
    broker().inputRequired(requests, state);
  }

  /** The broker of this request, made on first use (it opens a retry's requestState: -32602 when invalid). */
  private InputBroker broker() {
    if (inputs == null) {
      inputs = inputFactory.create(this);
    }
    return inputs;
  }

  @Override
  public boolean isCancelled() {
    return inFlight.isCancelled();
  }

}
