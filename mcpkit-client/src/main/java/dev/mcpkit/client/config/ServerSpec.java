package dev.mcpkit.client.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One server entry of a host configuration file, with its variables resolved.
 *
 * @param name the entry's key
 * @param transport {@code stdio}, {@code http} (Streamable HTTP, falling back by negotiation) or
 *     {@code sse} (legacy HTTP+SSE)
 * @param argv for stdio: the command and its arguments
 * @param env for stdio: variables to set; a {@code null} value removes an inherited one
 * @param cwd for stdio: the working directory, or {@code null}
 * @param url for http and sse
 * @param headers for http and sse
 * @param secrets the values substituted from {@code ${env:...}}, {@code ${NAME}} and {@code
 *     ${input:...}}: never shown in a message or a log line ({@link #redact})
 */
public record ServerSpec(
    String name,
    String transport,
    List<String> argv,
    Map<String, String> env,
    String cwd,
    String url,
    Map<String, String> headers,
    Set<String> secrets) {

  /** What a secret is shown as. */
  public static final String REDACTED = "***";

  /** Copies the secrets. */
  public ServerSpec {
    secrets = secrets == null ? Set.of() : Set.copyOf(secrets);
  }

  /** Whether the server is started as a process ({@code transport} is {@code "stdio"}). */
  public boolean isStdio() {
    return transport.equals("stdio");
  }

  /** Without secrets: substituted values as {@value #REDACTED}, variable and header names only. */
  @Override
  public String toString() {
    return "ServerSpec[" + name + ", " + transport + (isStdio() ? ", argv=" + redact(String.valueOf(argv)) + ", env="
        + env.keySet() : ", url=" + redact(url) + ", headers=" + headers.keySet()) + "]";
  }

  /**
   * {@code text} with every substituted secret (as is, and percent-encoded as it may appear in a URL)
   * replaced by {@value #REDACTED}. Use it on every message and log line about this server.
   */
  public String redact(String text) {
    return redact(text, secrets);
  }

  /** {@code text} with each of {@code secrets} (as is and percent-encoded) replaced by {@value #REDACTED}. */
  public static String redact(String text, Set<String> secrets) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    // Longest first, so a secret that contains another is hidden whole.
    List<String> ordered = secrets.stream().filter(s -> !s.isBlank())
        .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    for (String s : ordered) {
      out = out.replace(s, REDACTED);
      String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8);
      if (!encoded.equals(s)) {
        out = out.replace(encoded, REDACTED).replace(encoded.replace("+", "%20"), REDACTED);
      }
    }
    return out;
  }
}
