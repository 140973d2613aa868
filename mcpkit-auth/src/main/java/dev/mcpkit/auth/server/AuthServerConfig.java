package dev.mcpkit.auth.server;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The authorization server's configuration file (JSON; the format is documented in mcpkit-auth/README.md).
 * Unknown keys are errors, so a typo never silently weakens a setting. Secrets can be read from environment
 * variables ({@code client_secret_env}, {@code password_env}) instead of the file.
 */
public final class AuthServerConfig {

  private final JsonNode root;
  private final Function<String, String> env;
  private final Path dir;

  private AuthServerConfig(JsonNode root, Function<String, String> env, Path dir) {
    this.root = root;
    this.env = env;
    this.dir = dir;
  }

  /** Reads and checks a configuration file; {@code env} supplies environment variables. */
  public static AuthServerConfig load(Path file, Function<String, String> env) throws IOException {
    JsonNode root;
    try {
      root = Http.JSON.readTree(Files.readString(file));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(file + ": the configuration must be a JSON object");
    }
    Path dir = file.toAbsolutePath().getParent();
    AuthServerConfig c = new AuthServerConfig(root, env, dir);
    c.check(root, "", Set.of("issuer", "access_token_ttl_seconds", "refresh_token_ttl_seconds",
        "code_ttl_seconds", "key_rotation_hours", "login_failures_per_window", "clients", "users",
        "protected_resources", "upstream_providers", "client_id_metadata_documents", "dynamic_registration", "tls"));
    return c;
  }

  /** The issuer named in the file, or {@code null}. */
  public URI issuer() {
    return root.has("issuer") ? URI.create(root.get("issuer").asString()) : null;
  }

  /** Applies every setting of the file to {@code b}. */
  public AuthorizationServer.Builder apply(AuthorizationServer.Builder b) {
    seconds("access_token_ttl_seconds", b::accessTokenTtl);
    seconds("refresh_token_ttl_seconds", b::refreshTokenTtl);
    seconds("code_ttl_seconds", b::codeTtl);
    if (root.has("key_rotation_hours")) {
      b.keyRotation(Duration.ofHours(root.get("key_rotation_hours").asLong()));
    }
    if (root.has("login_failures_per_window")) {
      b.loginFailuresPerWindow(root.get("login_failures_per_window").asInt());
    }
    List<ClientRegistration> clients = new ArrayList<>();
    for (JsonNode c : array("clients")) {
      check(c, "clients[]", Set.of("client_id", "client_name", "redirect_uris", "token_endpoint_auth_method",
          "client_secret_hash", "client_secret_env", "jwks", "grant_types", "scope", "resource",
          "token_exchange_targets"));
      String secretHash = text(c, "client_secret_hash");
      if (secretHash == null && c.has("client_secret_env")) {
        String secret = env.apply(c.get("client_secret_env").asString());
        if (secret == null || secret.isEmpty()) {
          throw new IllegalArgumentException("client " + text(c, "client_id") + ": environment variable "
              + c.get("client_secret_env").asString() + " is not set");
        }
        secretHash = "sha256:" + dev.mcpkit.store.Hashes.sha256(secret);
      }
      clients.add(new ClientRegistration(text(c, "client_id"), text(c, "client_name"), strings(c, "redirect_uris"),
          text(c, "token_endpoint_auth_method"), secretHash, c.has("jwks") ? c.get("jwks").toString() : null,
          new HashSet<>(strings(c, "grant_types")),
          // No "scope" key: no list (user-consented grants only); "" is an explicit empty list that grants nothing.
          c.has("scope") ? new HashSet<>(words(text(c, "scope"))) : null, text(c, "resource"),
          new HashSet<>(strings(c, "token_exchange_targets"))));
    }
    b.clients(clients);
    List<UserAccount> users = new ArrayList<>();
    for (JsonNode u : array("users")) {
      check(u, "users[]", Set.of("username", "password_hash", "name"));
      users.add(new UserAccount(text(u, "username"), text(u, "password_hash"), text(u, "name")));
    }
    b.users(users);
    List<ProtectedResource> resources = new ArrayList<>();
    for (JsonNode r : array("protected_resources")) {
      check(r, "protected_resources[]", Set.of("resource", "scopes_supported", "default_scopes"));
      resources.add(new ProtectedResource(text(r, "resource"), strings(r, "scopes_supported"),
          r.has("default_scopes") ? strings(r, "default_scopes") : null));
    }
    b.protectedResources(resources);
    List<UpstreamProvider> upstreams = new ArrayList<>();
    for (JsonNode u : array("upstream_providers")) {
      check(u, "upstream_providers[]", Set.of("id", "kind", "name", "issuer", "client_id", "client_secret_env",
          "scope", "authorization_endpoint", "token_endpoint", "userinfo_endpoint"));
      String secret = u.has("client_secret_env") ? env.apply(u.get("client_secret_env").asString()) : null;
      upstreams.add(new UpstreamProvider(text(u, "id"), text(u, "name"), text(u, "kind"), uri(u, "issuer"),
          text(u, "client_id"), secret, text(u, "scope"), uri(u, "authorization_endpoint"), uri(u, "token_endpoint"),
          uri(u, "userinfo_endpoint")));
    }
    b.upstreamProviders(upstreams);
    if (root.has("client_id_metadata_documents")) {
      JsonNode m = root.get("client_id_metadata_documents");
      check(m, "client_id_metadata_documents", Set.of("enabled", "allowed_hosts", "allow_loopback"));
      b.cimd(new CimdPolicy(m.path("enabled").asBoolean(true), strings(m, "allowed_hosts"),
          m.path("allow_loopback").asBoolean(false)));
    }
    if (root.has("dynamic_registration")) {
      JsonNode d = root.get("dynamic_registration");
      check(d, "dynamic_registration", Set.of("enabled", "per_minute", "grant_types", "client_credentials_scope"));
      b.dynamicRegistration(d.path("enabled").asBoolean(true), d.path("per_minute").asInt(10));
      if (d.has("grant_types") || d.has("client_credentials_scope")) {
        // Applies to every self-registered client: dynamic registration and metadata documents alike.
        b.openRegistration(new OpenRegistrationPolicy(d.has("grant_types")
            ? new HashSet<>(strings(d, "grant_types")) : null, new HashSet<>(words(text(d,
            "client_credentials_scope")))));
      }
    }
    if (root.has("tls")) {
      JsonNode t = root.get("tls");
      check(t, "tls", Set.of("keystore", "password_env"));
      String password = t.has("password_env") ? env.apply(t.get("password_env").asString()) : null;
      b.tls(dir.resolve(text(t, "keystore")), password == null ? "" : password);
    }
    return b;
  }

  private void seconds(String key, java.util.function.Consumer<Duration> set) {
    if (root.has(key)) {
      set.accept(Duration.ofSeconds(root.get(key).asLong()));
    }
  }

  private List<JsonNode> array(String key) {
    List<JsonNode> out = new ArrayList<>();
    JsonNode a = root.path(key);
    if (!a.isMissingNode() && !a.isArray()) {
      throw new IllegalArgumentException("'" + key + "' must be an array");
    }
    a.forEach(out::add);
    return out;
  }

  private void check(JsonNode node, String where, Set<String> allowed) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("'" + where + "' must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
      String k = it.next().getKey();
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException("unknown setting '" + k + "'" + (where.isEmpty() ? "" : " in " + where));
      }
    }
  }

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    return v == null || v.isNull() ? null : v.asString();
  }

  private static URI uri(JsonNode n, String key) {
    String v = text(n, key);
    return v == null ? null : URI.create(v);
  }

  private static List<String> strings(JsonNode n, String key) {
    return Clients.strings(n.path(key));
  }

  private static List<String> words(String s) {
    return s == null || s.isBlank() ? List.of() : List.of(s.trim().split(" +"));
  }
}
