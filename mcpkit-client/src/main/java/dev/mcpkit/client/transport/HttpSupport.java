package dev.mcpkit.client.transport;

import dev.mcpkit.client.McpAuthorizationException;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.McpConnectionException;
import dev.mcpkit.client.McpHttpException;
import dev.mcpkit.client.McpProtocolException;
import dev.mcpkit.client.auth.AuthChallenge;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcMessage;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.text.PeerText;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.thread.Scheduler;

/** Helpers shared by the HTTP transports. */
final class HttpSupport {

  private HttpSupport() {}

  /**
   * The messages of one SSE event. A JSON array (a batch) is taken only in 2025-03-26, the one revision that had
   * batches (added then, removed in 2025-06-18); elsewhere it is a protocol error, not a way to slip many
   * messages into one event.
   *
   * @param version the revision in use, {@code null} during the handshake (no batch then either)
   * @param where who sent it, for the message
   * @throws McpException when the event is not JSON-RPC
   * @throws McpProtocolException for a batch the revision does not allow
   */
  static List<JsonRpcMessage> messages(byte[] json, ProtocolVersion version, String where) {
    return switch (JsonRpcCodec.parse(json)) {
      case JsonRpcCodec.Single s -> List.of(JsonRpcCodec.read(s.node()));
      case JsonRpcCodec.Batch b -> {
        if (version == null || !Era.of(version).allowsBatches(version)) {
          throw new McpProtocolException(where + " sent a JSON-RPC batch (" + b.entries().size()
              + " messages in one SSE event); batches exist only in protocol revision 2025-03-26, not in "
              + (version == null ? "the handshake" : version.id()));
        }
        yield b.entries().stream().map(JsonRpcCodec::read).toList();
      }
    };
  }

  /** Thrown when a body is larger than allowed. */
  static final class TooLarge extends IOException {
    TooLarge(String m) {
      super(m);
    }
  }

  /** The media type without parameters, lower case, or "" when absent. */
  static String mediaType(Response r) {
    String ct = r.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (ct == null) {
      return "";
    }
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  static byte[] readBounded(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while ((n = in.read(buf)) > 0) {
      if (out.size() + n > max) {
        throw new TooLarge("an answer larger than " + max + " bytes"); // shown as "ENDPOINT sent an answer larger than"
      }
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /**
   * Ends an accepting answer whose body means nothing (a 202 to a notification, a response or a legacy POST)
   * without reading it: if more of it is still coming, the exchange is aborted (the connection is dropped), so a
   * server that trickles the body holds nobody.
   */
  static void discard(Request req, InputStream in) {
    // A no-op when the answer is complete already (an empty 202), which keeps the connection for reuse.
    req.abort(new java.util.concurrent.CancellationException("the body of an accepting answer is not read"));
    try {
      in.close();
    } catch (IOException e) {
      // the exchange is over either way
    }
  }

  /** The first bytes of a body, made printable. */
  static String excerpt(InputStream in) {
    try {
      byte[] b = in.readNBytes(300);
      return PeerText.line(new String(b, StandardCharsets.UTF_8), 200);
    } catch (IOException e) {
      return "";
    }
  }

  /** {@link #excerpt(InputStream)} within a deadline: past it the exchange is aborted, so a trickled body cannot hold. */
  static String excerpt(HttpClient client, Request req, InputStream in, java.time.Duration deadline) {
    Scheduler.Task abort = client.getScheduler().schedule(
        () -> req.abort(new java.util.concurrent.TimeoutException("the body came too slowly")),
        deadline.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    try {
      return excerpt(in);
    } finally {
      abort.cancel();
    }
  }

  static String excerpt(byte[] body) {
    return PeerText.line(new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8), 200);
  }

  static McpAuthorizationException unauthorized(URI endpoint, Response r) {
    List<String> challenges = r.getHeaders().getValuesList(HttpHeader.WWW_AUTHENTICATE);
    String what = r.getStatus() == 401 ? "requires authorization" : "refused the credentials (403 Forbidden)";
    return new McpAuthorizationException("the server at " + endpoint + " " + what
        + (challenges.isEmpty() ? "" : " (WWW-Authenticate: " + PeerText.line(String.join(", ", challenges), 300) + ")"),
        r.getStatus(), challenges);
  }

  /** The refusal as the {@code AuthProvider} sees it; {@code attempt} counts the refusals of this request. */
  /**
   * Whether a request refused with {@code r} should be sent again: it was a 401/403, fewer than {@link
   * AuthProvider#MAX_RETRIES} challenges were answered for it so far, and the auth provider has new credentials.
   */
  static boolean retryAfterChallenge(HttpTransportOptions options, URI endpoint, Response r, int refusals) {
    int s = r.getStatus();
    return (s == 401 || s == 403) && refusals < AuthProvider.MAX_RETRIES
        && options.auth().onChallenge(challenge(endpoint, r, refusals + 1));
  }

  static AuthChallenge challenge(URI endpoint, Response r, int attempt) {
    return new AuthChallenge(r.getStatus(), endpoint, r.getHeaders().getValuesList(HttpHeader.WWW_AUTHENTICATE))
        .withAttempt(attempt, r.getRequest().getHeaders().get(HttpHeader.AUTHORIZATION));
  }

  static McpHttpException unexpected(URI endpoint, String what, Response r, String excerpt) {
    String ct = r.getHeaders().get(HttpHeader.CONTENT_TYPE);
    String hint = mediaType(r).equals("text/html") ? " (an HTML page: is this URL an MCP endpoint?)" : "";
    return new McpHttpException(what + ": " + endpoint + " answered HTTP " + r.getStatus()
        + (ct == null ? " without a content type" : " with " + ct) + hint
        + (excerpt.isEmpty() ? "" : ": " + excerpt), r.getStatus(), ct, excerpt);
  }

  /** Maps a failure of the HTTP exchange itself (no HTTP answer) to a client exception. */
  static McpClientException failure(URI endpoint, String what, Throwable t) {
    Throwable c = t instanceof ExecutionException && t.getCause() != null ? t.getCause() : t;
    if (c instanceof McpClientException m) {
      return m;
    }
    if (c instanceof TooLarge || c instanceof SseReader.OversizeException) {
      return new McpProtocolException(what + ": " + endpoint + " sent " + c.getMessage(), c);
    }
    String msg = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    if (c instanceof java.net.ConnectException || msg.contains("Connection refused")) {
      return new McpConnectionException("cannot connect to " + endpoint + " (" + msg + ")", c);
    }
    if (c instanceof java.net.UnknownHostException) {
      return new McpConnectionException("cannot resolve the host of " + endpoint + " (" + msg + ")", c);
    }
    if (c instanceof java.io.EOFException) {
      // Jetty's message is its connection's description (class names, addresses, parser states): say what happened
      return new McpConnectionException(what + ": " + endpoint + " closed the connection without an answer", c);
    }
    if (c instanceof java.util.concurrent.TimeoutException) {
      return new McpConnectionException(what + ": no answer from " + endpoint + " (" + msg + ")", c);
    }
    return new McpConnectionException(what + ": the connection to " + endpoint + " failed (" + msg + ")", c);
  }
}
