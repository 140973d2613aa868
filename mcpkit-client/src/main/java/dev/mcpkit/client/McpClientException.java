package dev.mcpkit.client;

import dev.mcpkit.client.config.ServerSpec;
import java.util.HashSet;
import java.util.Set;

/**
 * Base of every failure the client reports. The subclasses say what kind of failure it is, so a
 * caller (or the {@code mcpkit} command's exit code) can tell a server that cannot be reached from
 * one that answered with an error, one that broke the protocol, or one that wants credentials.
 * Messages name the server and what happened, never a stack trace of the peer. A client built from a
 * {@link ServerSpec} hides the spec's {@linkplain ServerSpec#secrets() secrets} in every exception it throws
 * ({@link #hiding}).
 */
public class McpClientException extends RuntimeException {

  private transient volatile Set<String> hidden = Set.of();

  /** A failure with this message. */
  public McpClientException(String message) {
    super(message);
  }

  /** A failure with this message and cause. */
  public McpClientException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Shows each of {@code values} as {@value ServerSpec#REDACTED} in this exception's message, its string form
   * and its causes (as a stack trace prints them). The client does this once, where its errors leave it, for the
   * secrets of the {@link ServerSpec} it was built from.
   *
   * @return this exception
   */
  public McpClientException hiding(Set<String> values) {
    if (values != null && !values.isEmpty()) {
      Set<String> all = new HashSet<>(hidden);
      all.addAll(values);
      hidden = Set.copyOf(all);
    }
    return this;
  }

  @Override
  public String getMessage() {
    return ServerSpec.redact(super.getMessage(), hidden);
  }

  /**
   * The cause; when it is not an MCP exception and its text holds a hidden value, a stand-in with that text
   * redacted and the same stack trace (a cause's message, say an I/O error quoting a URL, is printed too).
   */
  @Override
  public Throwable getCause() {
    Throwable c = super.getCause();
    Set<String> h = hidden;
    if (c == null || h.isEmpty()) {
      return c;
    }
    if (c instanceof McpClientException m) {
      return m.hiding(h);
    }
    return Redacted.of(c, h);
  }

  /** A foreign cause with its text redacted. */
  private static final class Redacted extends RuntimeException {
    private Redacted(String text, Throwable cause) {
      super(text, cause, false, true);
    }

    static Throwable of(Throwable c, Set<String> h) {
      if (c == null || !holds(c, h)) {
        return c;
      }
      Redacted r = new Redacted(ServerSpec.redact(c.toString(), h), of(c.getCause(), h));
      r.setStackTrace(c.getStackTrace());
      return r;
    }

    private static boolean holds(Throwable c, Set<String> h) {
      for (Throwable t = c; t != null; t = t.getCause()) {
        String s = String.valueOf(t);
        if (!ServerSpec.redact(s, h).equals(s)) {
          return true;
        }
        if (t.getCause() == t) {
          break;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
