package dev.mcpkit.cli;

import dev.mcpkit.auth.client.BrowserLauncher;
import dev.mcpkit.auth.client.CredentialStore;
import dev.mcpkit.auth.client.OAuthClient;
import dev.mcpkit.auth.client.PreRegisteredClient;
import dev.mcpkit.auth.client.UserAgent;
import dev.mcpkit.core.text.PeerText;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** The OAuth options of {@code login}, {@code call} and {@code list}, and the {@link OAuthClient} they configure. */
final class AuthOptions {

  @Option(names = "--credentials", paramLabel = "FILE",
      description = "Where sign-ins are stored, readable only by you (default: ~/.mcpkit/credentials.json, or $MCPKIT_CREDENTIALS).")
  Path credentials;

  @Option(names = "--client-id", paramLabel = "ID",
      description = "A client id registered with the authorization server beforehand (used before any other registration).")
  String clientId;

  @Option(names = "--client-secret-env", paramLabel = "NAME",
      description = "The environment variable that holds the pre-registered client's secret.")
  String clientSecretEnv;

  @Option(names = "--client-secret", paramLabel = "SECRET",
      description = "The pre-registered client's secret (visible to other local users in the process list: prefer --client-secret-env).")
  String clientSecret;

  @Option(names = "--issuer", paramLabel = "URL",
      description = "The authorization server the pre-registered client belongs to; any other one is refused.")
  String issuer;

  @Option(names = "--client-metadata-url", paramLabel = "URL",
      description = "The https URL of this client's Client ID Metadata Document, used as client id where the server supports it.")
  URI clientMetadataUrl;

  @Option(names = "--scope", paramLabel = "SCOPE", split = " ",
      description = "A scope to request in addition to what the server asks for (repeatable, or space-separated).")
  List<String> scopes = new ArrayList<>();

  @Option(names = "--no-browser", description = "Print the sign-in URL instead of opening a browser.")
  boolean noBrowser;

  @Option(names = "--login-timeout", paramLabel = "DURATION", defaultValue = "5m",
      description = "How long to wait for the sign-in in the browser before giving up, e.g. 90s, 10m"
          + " (default: ${DEFAULT-VALUE}).")
  String loginTimeout = "5m";

  Path credentialFile() {
    return credentials != null ? credentials : CredentialStore.defaultPath();
  }

  Set<String> scopes() {
    return new LinkedHashSet<>(scopes);
  }

  /**
   * The OAuth client of a command. It never starts a sign-in by itself ({@code interactive(false)}):
   * the command decides whether it can ask the user, and calls {@link OAuthClient#login} when it can.
   */
  OAuthClient build(PrintWriter err) {
    return build(err, null);
  }

  /** As {@link #build(PrintWriter)}, sending the OpenID Connect {@code prompt} with each authorization request. */
  OAuthClient build(PrintWriter err, String prompt) {
    java.time.Duration wait = loginTimeout();
    PreRegisteredClient preRegistered = preRegistered();
    UserAgent opener = noBrowser ? (url, redirect) -> {
      err.println("Open this URL in a browser to sign in:");
      // ASCII form, then the one sanitizer: the URL comes from the server's metadata.
      err.println("  " + PeerText.line(url.toASCIIString(), 8000));
    } : BrowserLauncher.system(err);
    // Never a silent wait: what is awaited, where the answer comes back, and for how long.
    UserAgent ua = (url, redirect) -> {
      opener.open(url, redirect);
      err.println("(waiting for the sign-in to complete at " + PeerText.line(redirect.toASCIIString(), 500)
          + "; giving up after " + loginTimeout.trim() + ", --login-timeout changes that)");
      err.flush();
    };
    OAuthClient.Builder b = OAuthClient.builder().store(CredentialStore.file(credentialFile())).userAgent(ua)
        .interactive(false).clientName("mcpkit").scopes(scopes()).loginTimeout(wait).prompt(prompt)
        .onNotice(sentence -> {
          err.println("mcpkit: " + PeerText.line(sentence, 1000));
          err.flush();
        });
    if (preRegistered != null) {
      b.preRegistered(preRegistered);
    }
    if (clientMetadataUrl != null) {
      b.clientMetadataUrl(clientMetadataUrl);
    }
    return b.build();
  }

  /** How long a person has to sign in ({@code --login-timeout}), checked. */
  java.time.Duration loginTimeout() {
    java.time.Duration wait = ClientOptions.duration("--login-timeout", loginTimeout);
    if (wait.isNegative() || wait.isZero()) {
      throw new IllegalArgumentException("--login-timeout: must be longer than 0, got " + loginTimeout);
    }
    return wait;
  }

  /**
   * The client registered beforehand ({@code --client-id}, its secret from {@code --client-secret-env} or {@code
   * --client-secret}, {@code --issuer}), or {@code null}; the options are checked together.
   */
  PreRegisteredClient preRegistered() {
    String secret = clientSecret;
    if (clientSecretEnv != null) {
      secret = System.getenv(clientSecretEnv);
      if (secret == null) {
        throw new IllegalArgumentException("--client-secret-env: the environment variable " + clientSecretEnv + " is not set");
      }
    }
    if (secret != null && clientId == null) {
      throw new IllegalArgumentException("a client secret needs --client-id");
    }
    if (issuer != null && clientId == null) {
      throw new IllegalArgumentException("--issuer names the server of a pre-registered client: it needs --client-id");
    }
    return clientId == null ? null : new PreRegisteredClient(clientId, secret, issuer);
  }

  /** The {@code mcpkit login} command line that signs in to {@code server} with these options and {@code scopes}. */
  String loginCommand(URI server, Set<String> scopes) {
    StringBuilder b = new StringBuilder(Main.command()).append(" login ").append(quote(server.toString()));
    if (!scopes.isEmpty()) {
      b.append(" --scope ").append(quote(String.join(" ", scopes)));
    }
    if (credentials != null) {
      b.append(" --credentials ").append(quote(credentials.toString()));
    }
    if (clientId != null) {
      b.append(" --client-id ").append(quote(clientId));
      if (clientSecretEnv != null) {
        b.append(" --client-secret-env ").append(quote(clientSecretEnv));
      } else if (clientSecret != null) {
        b.append(" --client-secret-env NAME_OF_A_VARIABLE_WITH_THE_SECRET");
      }
      if (issuer != null) {
        b.append(" --issuer ").append(quote(issuer));
      }
    }
    if (clientMetadataUrl != null) {
      b.append(" --client-metadata-url ").append(quote(clientMetadataUrl.toString()));
    }
    if (!"5m".equals(loginTimeout.trim())) {
      b.append(" --login-timeout ").append(quote(loginTimeout.trim()));
    }
    return b.toString();
  }

  /** POSIX shell single quotes: the printed command can be pasted as is. */
  static String quote(String s) {
    return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
