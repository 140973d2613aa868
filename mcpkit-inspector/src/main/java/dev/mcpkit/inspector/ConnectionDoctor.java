package dev.mcpkit.inspector;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.McpClientBuilder;
import dev.mcpkit.client.ServerInfo;
import dev.mcpkit.client.transport.StdioCommand;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.inspector.internal.HttpProbe;
import dev.mcpkit.inspector.internal.StdioProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Why a connection to a server fails and what to do about it ({@code mcpkit doctor TARGET}). It first connects as
 * mcpkit's client does; when that fails it looks at the cause itself: nothing listening, a wrong path (404, with the
 * paths that do answer), TLS (a plain-HTTP port behind an https URL, an untrusted certificate), 401 without protected
 * resource metadata, a forced protocol revision the server does not speak, a Host (421) or Origin (403) rejection,
 * and for stdio a server that writes logs to stdout or dies at start (with its stderr).
 */
public final class ConnectionDoctor {

  private ConnectionDoctor() {}

  /**
   * What the doctor found.
   *
   * @param ok whether the connection works
   * @param finding what is wrong (or, when it works, what answered)
   * @param advice what to do about it (empty when it works)
   * @param details evidence: statuses, the server's stderr lines, the error the client saw
   */
  public record Diagnosis(boolean ok, String finding, String advice, List<String> details) {

    /** Copies the list. */
    public Diagnosis {
      details = List.copyOf(details);
    }
  }

  /**
   * Diagnoses an HTTP target.
   *
   * @param url the MCP endpoint
   * @param headers headers to send (say, an {@code Authorization} header)
   * @param protocol the revision forced with {@code --protocol}, or {@code null} to negotiate
   * @param timeout bound of each request
   */
  public static Diagnosis http(String url, Map<String, String> headers, ProtocolVersion protocol, Duration timeout) {
    String error;
    try (McpClient client = builder(headers, protocol, timeout).url(url).connect()) {
      return works(client);
    } catch (RuntimeException e) {
      error = String.valueOf(e.getMessage());
    }
    Diagnosis d = HttpProbe.diagnose(url, headers, timeout, error);
    if (d != null) {
      return d;
    }
    if (protocol != null) {
      try (McpClient client = builder(headers, null, timeout).url(url).connect()) {
        ServerInfo info = client.serverInfo();
        return new Diagnosis(false, "era mismatch: the server does not speak " + protocol.id() + " (forced with"
            + " --protocol); it speaks " + info.protocolVersion().id() + " (" + era(info) + ")",
            "drop --protocol to let mcpkit negotiate, or force a revision the server speaks: "
                + String.join(", ", info.supportedVersions().isEmpty() ? List.of(info.protocolVersion().id())
                    : info.supportedVersions()), List.of("with --protocol " + protocol.id() + ": " + error));
      } catch (RuntimeException e) {
        // not a question of the revision: fall through to the client's own words
      }
    }
    return new Diagnosis(false, "the connection failed: " + error, "run the command again with --verbose to see"
        + " every frame; if the server is yours, look at its log", List.of());
  }

  /**
   * Diagnoses a stdio target: the command is started (twice at most: once by the client, once watched by the
   * doctor), never through a shell, with the client's default environment plus {@code env}.
   */
  public static Diagnosis stdio(List<String> argv, Map<String, String> env, Duration timeout) {
    String error;
    try (McpClient client = builder(Map.of(), null, timeout)
        .stdio(StdioCommand.of(argv).withEnv(env).withStderr(line -> { })).connect()) {
      return works(client);
    } catch (RuntimeException e) {
      error = String.valueOf(e.getMessage());
    }
    return StdioProbe.diagnose(argv, env, timeout, error);
  }

  private static McpClientBuilder builder(Map<String, String> headers, ProtocolVersion protocol, Duration timeout) {
    McpClientBuilder b = McpClient.builder().clientInfo("mcpkit-doctor", "1").requestTimeout(timeout)
        .connectTimeout(timeout).probeTimeout(timeout).onWarning(w -> { });
    headers.forEach(b::header);
    if (protocol != null) {
      b.protocolVersion(protocol);
    }
    return b;
  }

  private static Diagnosis works(McpClient client) {
    ServerInfo info = client.serverInfo();
    String name = info.implementation() == null ? "an unnamed server"
        : info.implementation().name() + " " + info.implementation().version();
    return new Diagnosis(true, "connected: " + name + ", protocol " + info.protocolVersion().id() + " (" + era(info)
        + "), over " + info.transport(), "", List.of());
  }

  private static String era(ServerInfo info) {
    return info.era().usesInitialize() ? "2025 era, sessions" : "2026 era, stateless";
  }
}
