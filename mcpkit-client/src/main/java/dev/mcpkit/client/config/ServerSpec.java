package dev.mcpkit.client.config;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One server entry of a host configuration file, with its variables resolved.
 */
public final class ServerSpec {
  private final String name;
  private final String transport;
  private final List<String> argv;
  private final Map<String, String> env;
  private final String cwd;
  private final String url;
  private final Map<String, String> headers;
  private final Set<String> secrets;

  /** What a secret is shown as. */
  public static final String REDACTED = "***";

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

  private ServerSpec(String name, String transport, List<String> argv, Map<String, String> env, String cwd,
      String url, Map<String, String> headers, Set<String> secrets) {
    secrets = secrets == null ? Set.of() : Set.copyOf(secrets);
    this.name = name;
    this.transport = transport;
    // A builder that sets no argv, env or headers means none: empty, never null.
    this.argv = argv == null ? List.of() : argv;
    this.env = env == null ? Map.of() : env;
    this.cwd = cwd;
    this.url = url;
    this.headers = headers == null ? Map.of() : headers;
    this.secrets = secrets;
  }

  /** The entry's key. */
  public String name() {
    return name;
  }

  /**
   * {@code stdio}, {@code http} (Streamable HTTP, falling back by negotiation) or {@code sse} (legacy HTTP+SSE).
   */
  public String transport() {
    return transport;
  }

  /** For stdio: the command and its arguments. */
  public List<String> argv() {
    return argv;
  }

  /** For stdio: variables to set; a {@code null} value removes an inherited one. */
  public Map<String, String> env() {
    return env;
  }

  /** For stdio: the working directory, or {@code null}. */
  public String cwd() {
    return cwd;
  }

  /** For http and sse. */
  public String url() {
    return url;
  }

  /** For http and sse. */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * The values substituted from {@code ${env:...}}, {@code ${NAME}} and {@code ${input:...}}: never shown in a
   * message or a log line ({@link #redact}).
   */
  public Set<String> secrets() {
    return secrets;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServerSpec other
        && Objects.equals(name, other.name)
        && Objects.equals(transport, other.transport)
        && Objects.equals(argv, other.argv)
        && Objects.equals(env, other.env)
        && Objects.equals(cwd, other.cwd)
        && Objects.equals(url, other.url)
        && Objects.equals(headers, other.headers)
        && Objects.equals(secrets, other.secrets);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, transport, argv, env, cwd, url, headers, secrets);
  }

  /** A builder with nothing set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these values, to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.name = name;
    b.transport = transport;
    b.argv = argv;
    b.env = env;
    b.cwd = cwd;
    b.url = url;
    b.headers = headers;
    b.secrets = secrets;
    return b;
  }

  /** Builds a {@link ServerSpec}; every setter replaces the earlier value. */
  public static final class Builder {
    private String name;
    private String transport;
    private List<String> argv;
    private Map<String, String> env;
    private String cwd;
    private String url;
    private Map<String, String> headers;
    private Set<String> secrets;

    private Builder() {}

    /** The entry's key. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * {@code stdio}, {@code http} (Streamable HTTP, falling back by negotiation) or {@code sse} (legacy HTTP+SSE).
     */
    public Builder transport(String transport) {
      this.transport = transport;
      return this;
    }

    /** For stdio: the command and its arguments. */
    public Builder argv(List<String> argv) {
      this.argv = argv;
      return this;
    }

    /** For stdio: variables to set; a {@code null} value removes an inherited one. */
    public Builder env(Map<String, String> env) {
      this.env = env;
      return this;
    }

    /** For stdio: the working directory, or {@code null}. */
    public Builder cwd(String cwd) {
      this.cwd = cwd;
      return this;
    }

    /** For http and sse. */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /** For http and sse. */
    public Builder headers(Map<String, String> headers) {
      this.headers = headers;
      return this;
    }

    /**
     * The values substituted from {@code ${env:...}}, {@code ${NAME}} and {@code ${input:...}}: never shown in a
     * message or a log line ({@link #redact}).
     */
    public Builder secrets(Set<String> secrets) {
      this.secrets = secrets;
      return this;
    }

    /** The ServerSpec; the checks of its constructor apply. */
    public ServerSpec build() {
      return new ServerSpec(name, transport, argv, env, cwd, url, headers, secrets);
    }
  }
}
