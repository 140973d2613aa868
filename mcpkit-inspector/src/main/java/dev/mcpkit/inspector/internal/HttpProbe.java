package dev.mcpkit.inspector.internal;

import dev.mcpkit.inspector.ConnectionDoctor.Diagnosis;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLException;

/**
 * Looks at an HTTP MCP endpoint below the MCP client: can a TCP connection be made, does TLS work, and what does a
 * plain {@code initialize} POST get (status, challenge, body). Each cause it recognizes becomes a
 * {@link Diagnosis}; {@code null} when it recognizes none.
 */
public final class HttpProbe {

  private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
      + "{\"protocolVersion\":\"" + dev.mcpkit.core.protocol.ProtocolVersion.V2025_11_25.id() + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"mcpkit-doctor\","
      + "\"version\":\"1\"}}}";

  private HttpProbe() {}

  /** The cause of a failed connection to {@code url}, or {@code null}; {@code error} is what the client said. */
  public static Diagnosis diagnose(String url, Map<String, String> headers, Duration timeout, String error) {
    URI u = URI.create(url);
    boolean tls = "https".equalsIgnoreCase(u.getScheme());
    int port = u.getPort() >= 0 ? u.getPort() : tls ? 443 : 80;
    String where = u.getHost() + ":" + port;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), port), (int) Math.min(timeout.toMillis(), 10_000));
    } catch (UnknownHostException e) {
      return new Diagnosis(false, "the host name " + u.getHost() + " does not resolve",
          "check the spelling of the host in the URL, or your DNS", List.of());
    } catch (ConnectException e) {
      return new Diagnosis(false, "nothing is listening on " + where + " (connection refused)",
          "start the server, or check the port in the URL" + (u.getHost().equals("127.0.0.1")
              || u.getHost().equals("localhost") ? " (mcpkit serve and mcpkit up listen on 8080 by default)" : ""),
          List.of());
    } catch (IOException e) {
      return new Diagnosis(false, "no TCP connection to " + where + ": " + e.getMessage(),
          "check that the server runs and that no firewall or proxy is in the way", List.of());
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
        .build();
    HttpResponse<String> r;
    try {
      r = post(http, u, headers, timeout);
    } catch (SSLException e) {
      return tls(http, u, headers, timeout, e);
    } catch (IOException e) {
      if (tls && speaksPlainHttp(http, u, headers, timeout)) {
        // a plain HTTP server may answer a ClientHello with a 400 and close, or just close: which exception the TLS
        // attempt then ends with depends on timing, so whether plain HTTP answers is what decides
        return plainHttp(u, e);
      }
      if (!tls) {
        try {
          post(http, URI.create("https" + url.substring(4)), headers, timeout);
        } catch (SSLException ssl) {
          return new Diagnosis(false, where + " speaks TLS, but the URL says http://",
              "use https://" + url.substring("http://".length()), List.of(String.valueOf(e.getMessage())));
        } catch (IOException | InterruptedException other) {
          // not TLS either
        }
      }
      return new Diagnosis(false, where + " accepts connections but does not answer HTTP: " + e.getMessage(),
          "check that the URL names the server's HTTP port", List.of());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return status(http, u, headers, timeout, r, error);
  }

  private static Diagnosis tls(HttpClient http, URI u, Map<String, String> headers, Duration timeout, SSLException e) {
    if (speaksPlainHttp(http, u, headers, timeout)) {
      return plainHttp(u, e);
    }
    return new Diagnosis(false, "TLS failed: " + e.getMessage(), "if the certificate is self-signed or from a"
        + " private CA, add it to the JDK's trust store (or -Djavax.net.ssl.trustStore=FILE); check that the"
        + " certificate names " + u.getHost() + " and has not expired", List.of());
  }

  /** Whether the https URL's host and port answer plain HTTP. */
  private static boolean speaksPlainHttp(HttpClient http, URI u, Map<String, String> headers, Duration timeout) {
    try {
      post(http, URI.create("http" + u.toString().substring(5)), headers, timeout);
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Diagnosis plainHttp(URI u, IOException tlsError) {
    URI plain = URI.create("http" + u.toString().substring(5));
    return new Diagnosis(false, "TLS failed: " + u.getHost() + ":" + u.getPort() + " speaks plain HTTP, not TLS",
        "use " + plain + " (or put the server behind TLS)", List.of("TLS error: " + tlsError.getMessage()));
  }

  private static Diagnosis status(HttpClient http, URI u, Map<String, String> headers, Duration timeout,
      HttpResponse<String> r, String error) {
    String body = StdioProbe.clip(r.body() == null ? "" : r.body().strip());
    List<String> details = new ArrayList<>(List.of("POST " + u + " -> HTTP " + r.statusCode()
        + (body.isEmpty() ? "" : ": " + body)));
    switch (r.statusCode()) {
      case 404 -> {
        List<String> answering = new ArrayList<>();
        for (String path : List.of("/mcp", "/sse", "/")) {
          if (path.equals(u.getPath())) {
            continue;
          }
          URI other = u.resolve(path);
          try {
            int s = post(http, other, headers, timeout).statusCode();
            if (s != 404) {
              answering.add(other.toString());
              details.add("POST " + other + " -> HTTP " + s);
            }
          } catch (IOException | InterruptedException e) {
            // not that one either
          }
        }
        return new Diagnosis(false, "wrong path: the server answers 404 Not Found at " + u.getPath(),
            answering.isEmpty() ? "check the server's documentation for its MCP endpoint path (often /mcp)"
                : "try " + String.join(" or ", answering), details);
      }
      case 421 -> {
        return new Diagnosis(false, "the server rejects the Host header (HTTP 421, its DNS-rebinding protection):"
            + " it does not accept \"" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()) + "\" as its name",
            "connect with a host name the server allows, or add this one to its allowed hosts (for mcpkit:"
                + " serve --allow-host, McpHttpServer.Builder.allowHosts)", details);
      }
      case 401 -> {
        return unauthorized(http, u, timeout, r, details);
      }
      case 403 -> {
        if (body.toLowerCase(Locale.ROOT).contains("origin")) {
          return new Diagnosis(false, "the server rejects the Origin header (HTTP 403)", "send no Origin header"
              + " (a non-browser client needs none) or one the server allows (for mcpkit: serve --allow-origin,"
              + " McpHttpServer.Builder.allowOrigins)", details);
        }
        return new Diagnosis(false, "the server refuses the request (HTTP 403 Forbidden)", "the credentials lack a"
            + " permission: see the server's message; for OAuth, sign in again with the scope it names", details);
      }
      case 405, 406, 415 -> {
        return new Diagnosis(false, "not an MCP endpoint: a POST of initialize gets HTTP " + r.statusCode(),
            "check the URL: the Streamable HTTP endpoint takes POST (legacy servers use /sse)", details);
      }
      default -> {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() == 200 && type.startsWith("text/html")) {
          return new Diagnosis(false, "not an MCP endpoint: it answers with an HTML page", "check the URL: it"
              + " names a web page, not the server's MCP endpoint (often /mcp)", details);
        }
        return null;
      }
    }
  }

  private static Diagnosis unauthorized(HttpClient http, URI u, Duration timeout, HttpResponse<String> r,
      List<String> details) {
    String challenge = String.join(", ", r.headers().allValues("WWW-Authenticate"));
    details.add("WWW-Authenticate: " + (challenge.isEmpty() ? "(none)" : StdioProbe.clip(challenge)));
    boolean metadata = challenge.contains("resource_metadata=");
    String base = u.getScheme() + "://" + u.getRawAuthority();
    for (String path : List.of("/.well-known/oauth-protected-resource" + (u.getPath() == null ? "" : u.getPath()),
        "/.well-known/oauth-protected-resource")) {
      if (metadata) {
        break;
      }
      try {
        HttpResponse<String> m = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).GET()
            .build(), HttpResponse.BodyHandlers.ofString());
        details.add("GET " + base + path + " -> HTTP " + m.statusCode());
        metadata = m.statusCode() == 200;
      } catch (IOException | InterruptedException e) {
        details.add("GET " + base + path + " -> " + e.getMessage());
      }
    }
    if (metadata) {
      return new Diagnosis(false, "the server requires authorization (HTTP 401) and says where to sign in",
          "sign in: mcpkit login " + u + " (or pass a token: -H \"Authorization: Bearer ...\")", details);
    }
    return new Diagnosis(false, "HTTP 401 without protected resource metadata: the server requires authorization"
        + " but names no resource_metadata in WWW-Authenticate and serves no"
        + " /.well-known/oauth-protected-resource (RFC 9728), so no client can find where to sign in",
        "pass a token the server accepts: -H \"Authorization: Bearer ...\"; if the server is yours, publish RFC 9728"
            + " metadata as the MCP authorization spec requires", details);
  }

  private static HttpResponse<String> post(HttpClient http, URI u, Map<String, String> headers, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(u).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
        .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE));
    headers.forEach((k, v) -> {
      if (!k.equalsIgnoreCase("host")) {
        b.header(k, v);
      }
    });
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
