package dev.mcpkit.server.stdio;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.JsonRpcResponse;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.jsonrpc.RequestId;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.stdio.LineReader;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.http.ErrorWriter;
import dev.mcpkit.server.internal.Dispatcher;
import dev.mcpkit.server.transport.Exchange;
import dev.mcpkit.server.transport.InFlight;
import dev.mcpkit.server.transport.LegacySession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Serves an {@link McpServer} over stdio: newline-delimited JSON-RPC on stdin and stdout. Stdout
 * carries protocol messages only (logs belong on stderr). Both eras are served: a request with
 * 2026-07-28 {@code _meta} is handled statelessly, anything else belongs to the process's 2025
 * session that {@code initialize} opens. {@link #run()} returns on end of input, after the
 * requests in flight have finished (up to a grace period).
 */
public final class StdioServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);
  /** Longest accepted line; longer messages are refused with a parse error and skipped. */
  public static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final Dispatcher dispatcher;
  private final InputStream in;
  private final OutputStream out;
  private final Object writeLock = new Object();
  private final LegacySession session = new LegacySession(null);
  private final Map<RequestId, InFlight> inFlight = new ConcurrentHashMap<>();
  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final Duration grace;
  private volatile boolean closed;

  /** A server on these streams, with 10 seconds of grace for requests in flight at end of input. */
  public StdioServer(McpServer server, InputStream in, OutputStream out) {
    this(server, in, out, Duration.ofSeconds(10));
  }

  /** A server on these streams, waiting up to {@code grace} at end of input for requests in flight to finish. */
  public StdioServer(McpServer server, InputStream in, OutputStream out, Duration grace) {
    this.dispatcher = new Dispatcher(server);
    this.in = in;
    this.out = out;
    this.grace = grace;
    this.session.standalone(this::write);
  }

  /** Serves {@code System.in}/{@code System.out} until end of input. */
  public static void serve(McpServer server) {
    try (StdioServer s = new StdioServer(server, System.in, System.out)) {
      Runtime.getRuntime().addShutdownHook(new Thread(s::close, "mcpkit-stdio-shutdown"));
      s.run();
    }
  }

  /** Reads and handles messages until end of input or {@link #close()}. */
  public void run() {
    try {
      LineReader reader = new LineReader(in, MAX_LINE_BYTES);
      while (!closed) {
        LineReader.Line line = reader.next();
        if (line == null) {
          break;
        }
        if (line.tooLong()) {
          write(ErrorWriter.response(null, ErrorCodes.PARSE_ERROR,
              "Parse error: message longer than " + MAX_LINE_BYTES + " bytes"));
          continue;
        }
        if (line.bytes().length == 0 || isBlank(line.bytes())) {
          continue;
        }
        receive(line.bytes());
      }
    } catch (IOException e) {
      if (!closed) {
        LOG.debug("stdin closed: {}", e.toString());
      }
    } finally {
      drain();
    }
  }

  private void receive(byte[] bytes) {
    JsonRpcCodec.Parsed parsed;
    try {
      parsed = JsonRpcCodec.parse(bytes);
    } catch (McpException e) {
      write(ErrorWriter.response(null, e.toError()));
      return;
    }
    switch (parsed) {
      case JsonRpcCodec.Single s -> {
        JsonRpcMessage message = read(s.node());
        if (message != null) {
          dispatch(message);
        }
      }
      case JsonRpcCodec.Batch b -> batch(b.entries());
    }
  }

  /** Batches exist only in 2025-03-26: answered as one array once every member is done. */
  private void batch(List<JsonNode> entries) {
    if (!session.isEstablished() || !Era.of(session.version()).allowsBatches(session.version())) {
      write(ErrorWriter.response(null, ErrorCodes.INVALID_REQUEST, ErrorWriter.BATCH_REFUSED));
      return;
    }
    workers.submit(() -> {
      List<JsonRpcResponse> responses = new ArrayList<>();
      List<java.util.concurrent.Future<JsonRpcResponse>> futures = new ArrayList<>();
      for (JsonNode entry : entries) {
        JsonRpcMessage m;
        try {
          m = JsonRpcCodec.read(entry);
        } catch (McpException e) {
          responses.add(ErrorWriter.response(ErrorWriter.idOf(entry), e.toError()));
          continue;
        }
        switch (m) {
          // the same rules as a batch on HTTP (BatchPost)
          case JsonRpcRequest r when r.method().equals(Methods.INITIALIZE) -> responses.add(
              ErrorWriter.response(r.id(), ErrorCodes.INVALID_REQUEST, ErrorWriter.INITIALIZE_IN_BATCH));
          case JsonRpcRequest r -> futures.add(workers.submit(() -> handle(r)));
          case JsonRpcNotification n -> dispatcher.notification(n, session);
          case JsonRpcResponse r -> session.complete(r);
        }
      }
      for (var f : futures) {
        try {
          JsonRpcResponse r = f.get();
          if (r != null) {
            responses.add(r);
          }
        } catch (Exception e) {
          LOG.debug("batch member failed", e);
        }
      }
      if (!responses.isEmpty()) {
        var array = Json.array();
        responses.forEach(r -> array.add(JsonRpcCodec.toJson(r)));
        writeRaw(Json.writeBytes(array));
      }
    });
  }

  private JsonRpcMessage read(JsonNode node) {
    try {
      return JsonRpcCodec.read(node);
    } catch (McpException e) {
      write(ErrorWriter.response(ErrorWriter.idOf(node), e.toError()));
      return null;
    }
  }

  private void dispatch(JsonRpcMessage message) {
    switch (message) {
      // initialize is handled before reading on: what follows it depends on the session it opens.
      case JsonRpcRequest r when r.method().equals(Methods.INITIALIZE) -> {
        JsonRpcResponse response = handle(r);
        if (response != null) {
          write(response);
        }
      }
      case JsonRpcRequest r -> workers.submit(() -> {
        JsonRpcResponse response = handle(r);
        if (response != null) {
          write(response);
        }
      });
      case JsonRpcNotification n -> {
        if (n.method().equals(Methods.NOTIFICATION_CANCELLED)) {
          JsonNode id = n.params() == null ? null : n.params().get("requestId");
          if (id != null && (id.isString() || id.isIntegralNumber())) {
            InFlight f = inFlight.get(RequestId.from(id));
            if (f != null) {
              f.cancel();
            }
          }
        }
        dispatcher.notification(n, session);
      }
      case JsonRpcResponse r -> {
        if (!session.complete(r)) {
          LOG.debug("ignoring a response to unknown request {}", PeerText.line(String.valueOf(r.id()), 200));
        }
      }
    }
  }

  private JsonRpcResponse handle(JsonRpcRequest r) {
    InFlight f = new InFlight(r.id());
    if (inFlight.putIfAbsent(r.id(), f) != null) {
      return ErrorWriter.response(r.id(), ErrorCodes.INVALID_REQUEST,
          "Invalid request: id " + r.id() + " is already in use by a request in flight");
    }
    try {
      // Stdio has no headers and no session ids: the request's _meta says whether it is stateless; every other
      // request belongs to the process's one session (2024-11-05 included: it opens with initialize too).
      Era era = Era.ofRequest(false, null, r);
      Exchange exchange = this::write;
      Dispatcher.Reply reply = dispatcher.handle(r,
          new Dispatcher.Incoming(era, era.usesInitialize() ? session : null, exchange, null, f));
      return reply.response();
    } finally {
      inFlight.remove(r.id(), f);
    }
  }

  private void write(JsonRpcMessage message) {
    writeRaw(JsonRpcCodec.write(message));
  }

  private void writeRaw(byte[] bytes) {
    synchronized (writeLock) {
      try {
        out.write(bytes);
        out.write('\n');
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Lets requests in flight finish (within the grace period), then stops. */
  private void drain() {
    dispatcher.shutdown(); // only this transport's subscriptions end
    workers.shutdown();
    try {
      if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        inFlight.values().forEach(InFlight::cancel);
        workers.awaitTermination(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    session.close();
  }

  /** Stops reading; requests in flight get the grace period to finish. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    drain();
  }

  private static boolean isBlank(byte[] b) {
    for (byte x : b) {
      if (x != ' ' && x != '\t' && x != '\r') {
        return false;
      }
    }
    return true;
  }
}
