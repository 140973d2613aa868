package dev.mcpkit.inspector.web;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.inspector.web.internal.WebApp;
import java.net.URI;
import java.util.Objects;

/**
 * The web inspector behind {@code mcpkit inspect}: a local web app on 127.0.0.1 that connects to one MCP server at a
 * time and shows what it offers, with every JSON-RPC frame. A per-launch secret token in {@link #launchUrl()} is the
 * only way in: the page trades it for an HttpOnly, SameSite=Strict cookie; every request is checked for Host, Origin
 * and that cookie. Start with {@link #builder()}; close to stop the web server and the connection.
 */
public final class Inspector implements AutoCloseable {

  private final WebApp app;

  private Inspector(WebApp app) {
    this.app = app;
  }

  /** A builder with the defaults: a random free port, no initial target. */
  public static Builder builder() {
    return new Builder();
  }

  /** The URL with the secret token, to open once in a browser (print it to stderr, never to a log). */
  public URI launchUrl() {
    return app.launchUrl();
  }

  /** The URL without the token (what the browser shows after the trade). */
  public URI baseUrl() {
    return app.baseUrl();
  }

  /** The port the inspector listens on (loopback only). */
  public int port() {
    return app.port();
  }

  /** Blocks until the inspector is closed (the {@code inspect} command waits here). */
  public void join() throws InterruptedException {
    app.join();
  }

  /** Stops the web server and closes the connection to the inspected server. */
  @Override
  public void close() {
    app.close();
  }

  /** Configures an {@link Inspector}. Not thread-safe; each {@code start} builds a new inspector. */
  public static final class Builder {
    private int port;
    private ServerSpec target;
    private ProtocolVersion protocol;
    private String clientVersion = "dev";
    private java.nio.file.Path credentials;
    private java.nio.file.Path projectDirectory = java.nio.file.Path.of("").toAbsolutePath();
    private dev.mcpkit.auth.client.PreRegisteredClient preRegistered;
    private java.util.Set<String> scopes = java.util.Set.of();
    private URI clientMetadataUrl;
    private java.time.Duration loginTimeout = java.time.Duration.ofMinutes(5);
    private java.nio.file.Path lockFile;

    private Builder() {}

    /** The port on 127.0.0.1 (0, the default, picks a free one). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * The server to connect to at once when the inspector starts (a URL with headers, a stdio command, or a host
     * configuration entry). Its secrets (header values, env values, substituted values) are masked in the UI.
     */
    public Builder target(ServerSpec target) {
      this.target = target;
      return this;
    }

    /** A forced protocol revision for the initial target ({@code null}, the default: negotiate). */
    public Builder protocol(ProtocolVersion protocol) {
      this.protocol = protocol;
      return this;
    }

    /**
     * The project whose host configuration files ({@code .vscode/mcp.json}, {@code .mcp.json}, {@code .cursor/mcp.json})
     * the page offers servers from, with those in the home directory (default: the working directory).
     */
    public Builder projectDirectory(java.nio.file.Path directory) {
      this.projectDirectory = Objects.requireNonNull(directory, "directory").toAbsolutePath();
      return this;
    }

    /**
     * The file where sign-ins are kept (default: the one {@code mcpkit login} uses, {@code ~/.mcpkit/credentials.json}
     * or {@code $MCPKIT_CREDENTIALS}): a stored sign-in for a server is used when connecting to it, and a sign-in done
     * from the page is stored there.
     */
    public Builder credentials(java.nio.file.Path file) {
      this.credentials = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * A client registered with the authorization server beforehand ({@code mcpkit inspect --client-id}): the
     * connection's sign-in and token refresh use it (a client id typed in the page's sign-in replaces it for that
     * sign-in). Default: none (a Client ID Metadata Document when configured, else Dynamic Client Registration).
     */
    public Builder preRegisteredClient(dev.mcpkit.auth.client.PreRegisteredClient client) {
      this.preRegistered = client;
      return this;
    }

    /** Scopes the connection's sign-in asks for in addition to those the server asks for ({@code --scope}). */
    public Builder scopes(java.util.Set<String> scopes) {
      this.scopes = java.util.Set.copyOf(scopes);
      return this;
    }

    /** The https URL of the inspector's Client ID Metadata Document ({@code --client-metadata-url}), or {@code null}. */
    public Builder clientMetadataUrl(URI url) {
      this.clientMetadataUrl = url;
      return this;
    }

    /** How long a person has to complete a sign-in in the browser (default 5 minutes; {@code --login-timeout}). */
    public Builder loginTimeout(java.time.Duration timeout) {
      this.loginTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * The lock file the Security view checks the connected server's pins against ({@code mcpkit inspect --lock};
     * default: {@code mcpkit-lock.json} in the project directory, as {@code mcpkit scan} uses it). The inspector only
     * reads it; {@code mcpkit scan --pin} writes it.
     */
    public Builder lockFile(java.nio.file.Path file) {
      this.lockFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The version the inspector's client reports in its {@code clientInfo}. */
    public Builder clientVersion(String version) {
      this.clientVersion = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * Starts the web server on 127.0.0.1 and, when a target was given, connects to it in the background (the UI shows
     * the connection's progress or its failure).
     *
     * @throws IllegalArgumentException when the login timeout is not positive
     * @throws Exception when the port cannot be bound
     */
    public Inspector start() throws Exception {
      return new Inspector(WebApp.start(port, target, protocol, clientVersion, projectDirectory,
          dev.mcpkit.auth.client.CredentialStore.file(credentials != null ? credentials
              : dev.mcpkit.auth.client.CredentialStore.defaultPath()),
          new dev.mcpkit.inspector.web.internal.SignIn(preRegistered, scopes, clientMetadataUrl, loginTimeout),
          lockFile != null ? lockFile : projectDirectory.resolve(dev.mcpkit.guard.PinLock.FILE_NAME)));
    }
  }
}
