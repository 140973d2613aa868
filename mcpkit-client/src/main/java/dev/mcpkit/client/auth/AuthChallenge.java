package dev.mcpkit.client.auth;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refusal by the server: the status (401 or 403), the endpoint, and the {@code
 * WWW-Authenticate} header values exactly as sent (an OAuth provider reads {@code
 * resource_metadata}, {@code scope} and {@code error} from them).
 */
public final class AuthChallenge {
  private final int status;
  private final URI endpoint;
  private final List<String> wwwAuthenticate;
  private final int attempt;
  private final String sentAuthorization;

  /**
   * A first refusal whose request carried no known credentials; {@link #withAttempt} says otherwise.
   *
   * @param status the HTTP status: 401 or 403
   * @param endpoint the endpoint that refused
   * @param wwwAuthenticate the {@code WWW-Authenticate} header values, exactly as sent
   */
  public AuthChallenge(int status, URI endpoint, List<String> wwwAuthenticate) {
    this(status, endpoint, wwwAuthenticate, 1, null);
  }

  /**
   * The same refusal, as the {@code attempt}-th refusal of one request that carried {@code sentAuthorization}.
   *
   * @param attempt how many times the request has now been refused, at least 1
   * @param sentAuthorization the {@code Authorization} header the refused request carried, or {@code null}
   * @return a copy with those two values
   * @throws IllegalArgumentException for an attempt below 1
   */
  public AuthChallenge withAttempt(int attempt, String sentAuthorization) {
    return new AuthChallenge(status, endpoint, wwwAuthenticate, attempt, sentAuthorization);
  }

  private static final Pattern PARAM = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^\\s,]+))");

  /** A parameter of the first {@code Bearer} challenge, e.g. {@code scope} or {@code resource_metadata}. */
  public Optional<String> bearerParam(String name) {
    for (String h : wwwAuthenticate) {
      int at = h.toLowerCase(java.util.Locale.ROOT).indexOf("bearer");
      if (at < 0) {
        continue;
      }
      Matcher m = PARAM.matcher(h.substring(at + 6));
      while (m.find()) {
        if (m.group(1).equalsIgnoreCase(name)) {
          return Optional.of(m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3));
        }
      }
    }
    return Optional.empty();
  }

  private AuthChallenge(int status, URI endpoint, List<String> wwwAuthenticate, int attempt,
      String sentAuthorization) {
    wwwAuthenticate = List.copyOf(wwwAuthenticate);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1");
    }
    this.status = status;
    this.endpoint = endpoint;
    this.wwwAuthenticate = wwwAuthenticate;
    this.attempt = attempt;
    this.sentAuthorization = sentAuthorization;
  }

  /** The HTTP status: 401 or 403. */
  public int status() {
    return status;
  }

  /** The endpoint that refused. */
  public URI endpoint() {
    return endpoint;
  }

  /** The {@code WWW-Authenticate} header values, exactly as sent. */
  public List<String> wwwAuthenticate() {
    return wwwAuthenticate;
  }

  /**
   * How many times the same request has now been refused (1 for the first refusal); a provider uses it to bound its
   * re-authorization attempts per operation.
   */
  public int attempt() {
    return attempt;
  }

  /**
   * The {@code Authorization} header the refused request carried, or {@code null}; a provider uses it to tell a
   * refusal of credentials it has already replaced (another request renewed them meanwhile: just retry) from a
   * refusal of its current ones.
   */
  public String sentAuthorization() {
    return sentAuthorization;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthChallenge other
        && status == other.status
        && Objects.equals(endpoint, other.endpoint)
        && Objects.equals(wwwAuthenticate, other.wwwAuthenticate)
        && attempt == other.attempt
        && Objects.equals(sentAuthorization, other.sentAuthorization);
  }

  @Override
  public int hashCode() {
    return Objects.hash(status, endpoint, wwwAuthenticate, attempt, sentAuthorization);
  }

  @Override
  public String toString() {
    return "AuthChallenge[status=" + status
        + ", endpoint=" + endpoint
        + ", wwwAuthenticate=" + wwwAuthenticate
        + ", attempt=" + attempt
        + ", sentAuthorization=" + sentAuthorization + "]";
  }
}
