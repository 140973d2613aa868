package dev.mcpkit.cli;

import dev.mcpkit.server.http.HttpOptions;
import dev.mcpkit.server.http.McpHttpServer;
import java.net.URI;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The options of a server that runs as one of several instances behind a load balancer ({@code up}, {@code serve},
 * {@code gateway}, {@code conformance-server}): the public URL every instance names in its OAuth documents and tokens,
 * and the instance's name in the {@code Mcpkit-Instance} response header.
 */
final class DeploymentOptions {

  @Option(names = "--public-url", paramLabel = "URL", converter = PublicUrl.class,
      description = "The origin clients reach, scheme://host[:port] (a load balancer's): OAuth issuer, protected "
          + "resource and token audience derive from it, not from this instance's address; its host is accepted.")
  URI publicUrl;

  @Option(names = "--instance-name", paramLabel = "NAME", converter = InstanceName.class,
      description = "This instance's name, sent in the Mcpkit-Instance header of every response (default with "
          + "--public-url or a shared --store: host name and process id; otherwise no header).")
  String instanceName;

  /** Checks the name while the command line is parsed (a header value: visible ASCII, no spaces, 1 to 64). */
  static final class InstanceName implements picocli.CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      try {
        HttpOptions.builder().instanceName(value).build();
        return value;
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "': 1 to 64 visible ASCII characters, "
            + "without spaces (it is sent as a header value)");
      }
    }
  }

  /** Checks the URL while the command line is parsed: a bad one is a usage error (exit 2) saying why. */
  static final class PublicUrl implements picocli.CommandLine.ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      URI u;
      try {
        u = URI.create(value.trim());
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("not a URL: " + value);
      }
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null || u.getRawUserInfo() != null
          || u.getRawQuery() != null || u.getRawFragment() != null
          || !(u.getRawPath() == null || u.getRawPath().isEmpty() || u.getRawPath().equals("/"))) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "': give the origin clients reach, "
            + "http(s)://host[:port], without a path (the MCP endpoint is URL/mcp)");
      }
      return URI.create(scheme + "://" + u.getRawAuthority().toLowerCase(Locale.ROOT));
    }
  }

  /** The origin every URL this server publishes starts with: the public URL, or {@code local} without one. */
  String origin(String local) {
    return publicUrl != null ? publicUrl.toString() : local;
  }

  /**
   * The instance name to send, or {@code null} for none: the configured one, else {@code host-pid} when this server
   * is one of several (a public URL, or a store shared with others: {@code sharedStore}).
   */
  String effectiveInstanceName(boolean sharedStore) {
    if (instanceName != null) {
      return instanceName;
    }
    if (publicUrl == null && !sharedStore) {
      return null;
    }
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "mcpkit";
    }
    String name = (host.replaceAll("[^A-Za-z0-9._-]", "") + "-" + ProcessHandle.current().pid());
    return name.length() > 64 ? name.substring(name.length() - 64) : name;
  }

  /**
   * Sets these options on {@code builder} (with {@code options} as the transport's other settings): the instance
   * name, and the public host as an accepted Host header value.
   *
   * @throws IllegalArgumentException for an instance name that is not a clean header value
   */
  McpHttpServer.Builder apply(McpHttpServer.Builder builder, HttpOptions options, boolean sharedStore) {
    builder.options(options.toBuilder().instanceName(effectiveInstanceName(sharedStore)).build());
    if (publicUrl != null) {
      builder.allowHosts(publicUrl.getHost(), publicUrl.getRawAuthority());
    }
    return builder;
  }

  /** Whether {@code spec} (a {@code --store} value) names a store other instances can share. */
  static boolean shared(String spec) {
    return spec != null && !spec.isBlank() && !spec.equals("memory");
  }
}
