package dev.mcpkit.guard;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What is pinned for one server: who it is and the hash of each definition it shows a model. Made by
 * {@link Pins#pin} from a listing, read from and written to a {@link PinLock}. Immutable.
 *
 * @param identity the server's identity
 * @param definitions by key ({@code instructions}, {@code tools/NAME}, {@code prompts/NAME}, {@code resources/URI},
 *     {@code resourceTemplates/URI-TEMPLATE}), sorted
 */
public record ServerPin(Identity identity, Map<String, Definition> definitions) {

  /** Copies the map (sorted by key). */
  public ServerPin {
    Objects.requireNonNull(identity, "identity");
    definitions = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(definitions));
  }

  /**
   * Who a server is: a different server at the same place differs in one of these.
   *
   * @param name the {@code serverInfo} name it reports ({@code ""} when it reports none)
   * @param origin the scheme, host and port of its URL ({@code https://mcp.example.com}), or {@code null} for stdio
   * @param command the argv that starts it (stdio), empty for HTTP
   */
  public record Identity(String name, String origin, List<String> command) {

    /** Copies the command; a {@code null} name is {@code ""}. */
    public Identity {
      name = name == null ? "" : name;
      command = command == null ? List.of() : List.copyOf(command);
    }

    /**
     * The identity of a server reached at {@code url} or started with {@code command} (one of them).
     *
     * @throws IllegalArgumentException when the URL has no scheme or host
     */
    public static Identity of(String serverName, String url, List<String> command) {
      return new Identity(serverName, url == null ? null : origin(url), url == null ? command : List.of());
    }

    /** {@code scheme://host[:port]} in lower case, without user info, path or query. */
    static String origin(String url) {
      URI u = URI.create(url);
      if (u.getScheme() == null || u.getHost() == null) {
        throw new IllegalArgumentException("not an absolute URL: " + url);
      }
      return u.getScheme().toLowerCase(Locale.ROOT) + "://" + u.getHost().toLowerCase(Locale.ROOT)
          + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** How a finding shows it. */
    @Override
    public String toString() {
      return "serverInfo name \"" + name + "\", " + (origin != null ? "origin " + origin
          : "command " + String.join(" ", command));
    }
  }

  /**
   * One pinned definition.
   *
   * @param sha256 {@code sha256:} and the hex SHA-256 of {@code canonical} (UTF-8)
   * @param canonical the definition in its RFC 8785 form, kept so that a change can be shown as a diff
   * @param pointer where it is in the {@link ServerSurface} it was pinned from ({@code /tools/3}), or {@code null}
   *     when read from a lock file
   */
  public record Definition(String sha256, String canonical, String pointer) {}
}
