package dev.mcpkit.client.config;

import java.util.List;
import java.util.Map;

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
 */
public record ServerSpec(
    String name,
    String transport,
    List<String> argv,
    Map<String, String> env,
    String cwd,
    String url,
    Map<String, String> headers) {

  public boolean isStdio() {
    return transport.equals("stdio");
  }
}
