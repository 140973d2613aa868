package dev.mcpkit.server.transport;

import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.Implementation;
import dev.mcpkit.core.schema.LoggingLevel;
import dev.mcpkit.server.Caller;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The state of a 2025-era connection, from {@code initialize} on: the negotiated revision, the
 * client's capabilities, its log level and resource subscriptions, its requests in flight, and
 * the server's own requests awaiting an answer. On HTTP one exists per {@code Mcp-Session-Id}; on
 * stdio one per process.
 */
public final class LegacySession {

  private final String id;
  private volatile ProtocolVersion version;
  private volatile ClientCapabilities capabilities;
  private volatile Implementation clientInfo;
  private volatile LoggingLevel logLevel;
  private volatile boolean initialized;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile Caller owner;
  private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
  private final Map<RequestId, InFlight> inFlight = new ConcurrentHashMap<>();
  private final Map<RequestId, CompletableFuture<JsonRpcResponse>> pending = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private volatile String requestIdPrefix; // set in cluster mode: ids name the instance that waits for the answer
  private volatile Consumer<RequestId> awaitStarted; // cluster mode: see onAwaiting
  private volatile Consumer<RequestId> awaitEnded;
  private volatile Runnable onChange;
  private volatile Exchange standalone;
  private volatile java.util.function.BiConsumer<dev.mcpkit.core.jsonrpc.JsonRpcMessage, String> changes;
  private final java.util.List<Runnable> closeHooks = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param id the session id ({@code Mcp-Session-Id}); {@code null} on stdio
   */
  public LegacySession(String id) {
    this.id = id;
  }

  /** The session id ({@code Mcp-Session-Id}); empty on stdio. */
  public Optional<String> id() {
    return Optional.ofNullable(id);
  }

  /** Called by the dispatcher when {@code initialize} succeeds. */
  public void establish(ProtocolVersion version, ClientCapabilities capabilities, Implementation clientInfo) {
    this.version = version;
    this.capabilities = capabilities;
    this.clientInfo = clientInfo;
  }

  /** True once {@code initialize} succeeded. */
  public boolean isEstablished() {
    return version != null;
  }

  /** The negotiated revision; {@code null} before {@code initialize}. */
  public ProtocolVersion version() {
    return version;
  }

  /** The capabilities the client declared in {@code initialize}. */
  public ClientCapabilities capabilities() {
    return capabilities;
  }

  /** The client's name and version from {@code initialize}. */
  public Implementation clientInfo() {
    return clientInfo;
  }

  /** The level set by {@code logging/setLevel}, or {@code null} when the client set none. */
  public LoggingLevel logLevel() {
    return logLevel;
  }

  /** Sets the level ({@code logging/setLevel}). */
  public void logLevel(LoggingLevel level) {
    this.logLevel = level;
  }

  /** Called when the client sends {@code notifications/initialized}. */
  public void markInitialized() {
    this.initialized = true;
  }

  /** True once the client sent {@code notifications/initialized}. */
  public boolean isInitialized() {
    return initialized;
  }

  /** The caller that created the session; later requests must come from the same caller. */
  public Caller owner() {
    return owner;
  }

  /** Records the caller that created the session. */
  public void owner(Caller owner) {
    this.owner = owner;
  }

  /** The URIs the client subscribed to ({@code resources/subscribe}); a live, thread-safe set. */
  public Set<String> subscriptions() {
    return subscriptions;
  }

  /** Tracks a request in flight, for cancellation. */
  public void started(InFlight request) {
    inFlight.put(request.id(), request);
  }

  /** Stops tracking a request that finished. */
  public void finished(InFlight request) {
    inFlight.remove(request.id(), request);
  }

  /** Cancels a request in flight, if it still is. */
  public void cancel(RequestId requestId) {
    InFlight f = inFlight.get(requestId);
    if (f != null) {
      f.cancel();
    }
  }

  /** Runs {@code hook} when the session closes (e.g. to stop listening for changes). */
  public void onClose(Runnable hook) {
    closeHooks.add(hook);
  }

  /** Cancels everything in flight and fails every pending server request (session ended). */
  public void close() {
    closeHooks.forEach(Runnable::run);
    closeHooks.clear();
    inFlight.values().forEach(InFlight::cancel);
    pending.values().forEach(f -> f.cancel(true));
    pending.clear();
  }

  /** A fresh id for a server-to-client request: a number, or {@code <prefix><number>} once a prefix is set. */
  public RequestId nextRequestId() {
    String prefix = requestIdPrefix;
    long n = nextId.getAndIncrement();
    return prefix == null ? RequestId.of(n) : RequestId.of(prefix + n);
  }

  /**
   * Makes the ids of server-to-client requests strings starting with {@code prefix}: several instances serving one
   * session then never reuse each other's ids, and an answer names the instance that waits for it.
   */
  public void requestIdPrefix(String prefix) {
    this.requestIdPrefix = prefix;
  }

  /** Runs {@code listener} whenever the client changes the session ({@link #changed}); one listener. */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** Called after the client changed the log level or the subscriptions (to save them where they are shared). */
  public void changed() {
    Runnable r = onChange;
    if (r != null) {
      r.run();
    }
  }

  /**
   * Tells {@code started} of each server-to-client request that starts awaiting its answer ({@link #expect}, before it
   * is sent) and {@code ended} when it stops ({@link #forget}); one pair (cluster mode shares what is pending).
   */
  public void onAwaiting(Consumer<RequestId> started, Consumer<RequestId> ended) {
    this.awaitStarted = started;
    this.awaitEnded = ended;
  }

  /** Registers a server-to-client request awaiting its response. */
  public CompletableFuture<JsonRpcResponse> expect(RequestId id) {
    CompletableFuture<JsonRpcResponse> f = new CompletableFuture<>();
    pending.put(id, f);
    Consumer<RequestId> started = awaitStarted;
    if (started != null) {
      started.accept(id);
    }
    return f;
  }

  /** Stops waiting for the answer to a server-to-client request: a late answer then finds nothing pending. */
  public void forget(RequestId id) {
    pending.remove(id);
    Consumer<RequestId> ended = awaitEnded;
    if (ended != null) {
      ended.accept(id);
    }
  }

  /**
   * Delivers a response from the client to the server request it answers.
   *
   * @return false when no server request with that id is pending
   */
  public boolean complete(JsonRpcResponse response) {
    if (response.id() == null) {
      return false;
    }
    CompletableFuture<JsonRpcResponse> f = pending.remove(response.id());
    return f != null && f.complete(response);
  }

  /** The channel for messages that belong to no request (the HTTP GET stream, or stdout). */
  public Optional<Exchange> standalone() {
    return Optional.ofNullable(standalone);
  }

  /** Sets the channel for messages that belong to no request. */
  public void standalone(Exchange exchange) {
    this.standalone = exchange;
  }

  /**
   * Sends a change notification ({@code list_changed}, {@code resources/updated}) on the {@link #standalone} channel,
   * or through the {@link #changes(java.util.function.BiConsumer) change channel} when one is set.
   *
   * @param changeId the change's id ({@link dev.mcpkit.server.ChangeHub.Listener}), or {@code null}
   */
  public void sendChange(dev.mcpkit.core.jsonrpc.JsonRpcMessage message, String changeId) {
    var c = changes;
    if (c != null) {
      c.accept(message, changeId);
    } else {
      standalone().ifPresent(ex -> ex.send(message));
    }
  }

  /**
   * Sets where change notifications go with their ids: a session shared by several instances of a cluster hears of
   * one change on each of them, and the id lets it be delivered once.
   */
  public void changes(java.util.function.BiConsumer<dev.mcpkit.core.jsonrpc.JsonRpcMessage, String> channel) {
    this.changes = channel;
  }

  /** Records activity now; idle sessions are expired by the transport. */
  public void touch() {
    lastActivityNanos = System.nanoTime();
  }

  /** Nanoseconds since the last {@link #touch}. */
  public long idleNanos() {
    return System.nanoTime() - lastActivityNanos;
  }

  /** Whether a client request is still being handled (a session with work is not expired). */
  public boolean hasWorkInFlight() {
    return !inFlight.isEmpty();
  }
}
