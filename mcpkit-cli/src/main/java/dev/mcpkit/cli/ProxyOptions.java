package dev.mcpkit.cli;

import dev.mcpkit.server.http.McpHttpServer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The reverse-proxy options of the commands that serve HTTP ({@code serve}, {@code up}, {@code gateway}). */
final class ProxyOptions {

  @Option(names = "--trusted-proxy", paramLabel = "ADDR_OR_CIDR", converter = Checked.class,
      description = "A reverse proxy (address or CIDR block; repeatable) whose X-Forwarded-For names the client for "
          + "per-address limits and logs; from other peers the header is ignored.")
  List<String> trustedProxies = new ArrayList<>();

  @Option(names = "--proxy-protocol",
      description = "Read a PROXY protocol (v1/v2) header on connections from the trusted proxies.")
  boolean proxyProtocol;

  /** Checks an entry while the command line is parsed, so a bad one is a usage error (exit 2) naming it. */
  static final class Checked implements picocli.CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        dev.mcpkit.server.http.TrustedProxies.of(List.of(value));
        return value;
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Sets these options on {@code builder}. */
  McpHttpServer.Builder apply(McpHttpServer.Builder builder) {
    return builder.trustedProxies(trustedProxies.toArray(String[]::new)).proxyProtocol(proxyProtocol);
  }
}
