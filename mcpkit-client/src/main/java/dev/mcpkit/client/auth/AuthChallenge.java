package dev.mcpkit.client.auth;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A refusal by the server: the status (401 or 403), the endpoint, and the {@code
 * WWW-Authenticate} header values exactly as sent (an OAuth provider reads {@code
 * resource_metadata}, {@code scope} and {@code error} from them).
 *
 * @param attempt how many times the same request has now been refused (1 for the first refusal);
 *     a provider uses it to bound its re-authorization attempts per operation
 * @param sentAuthorization the {@code Authorization} header the refused request carried, or {@code
 *     null}; a provider uses it to tell a refusal of credentials it has already replaced (another
 *     request renewed them meanwhile: just retry) from a refusal of its current ones
 */
public record AuthChallenge(int status, URI endpoint, List<String> wwwAuthenticate, int attempt,
    String sentAuthorization) {

  /** Copies the header values and checks that {@code attempt} is at least 1. */
  public AuthChallenge {
    wwwAuthenticate = List.copyOf(wwwAuthenticate);
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1");
    }
  }

  /** A first refusal whose request carried no known credentials. */
  public AuthChallenge(int status, URI endpoint, List<String> wwwAuthenticate) {
    this(status, endpoint, wwwAuthenticate, 1, null);
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
}
