package dev.mcpkit.auth.server;

import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.core.files.LocalFiles;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
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

  /** Ten years: longer lifetimes are a mistake, and near the end of Instant they overflow at run time. */
  private static final long MAX_SECONDS = Duration.ofDays(3650).toSeconds();
  private static final long MAX_HOURS = Duration.ofDays(3650).toHours();

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
      // The core parser: a key twice is a mistake to name, not a silent last-wins.
      root = Json.parse(LocalFiles.read(file, "the configuration file"));
    } catch (JacksonException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + JsonErrors.describe(e));
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
    return uri(root, "issuer");
  }

  /** Applies every setting of the file to {@code b}. */
  public AuthorizationServer.Builder apply(AuthorizationServer.Builder b) {
    seconds("access_token_ttl_seconds", b::accessTokenTtl);
    seconds("refresh_token_ttl_seconds", b::refreshTokenTtl);
    seconds("code_ttl_seconds", b::codeTtl);
    if (root.has("key_rotation_hours")) {
      b.keyRotation(Duration.ofHours(whole(root, "key_rotation_hours", 1, MAX_HOURS)));
    }
    if (root.has("login_failures_per_window")) {
      b.loginFailuresPerWindow((int) whole(root, "login_failures_per_window", 1, Integer.MAX_VALUE));
    }
    List<ClientRegistration> clients = new ArrayList<>();
    for (JsonNode c : array("clients")) {
      check(c, "clients[]", Set.of("client_id", "client_name", "redirect_uris", "token_endpoint_auth_method",
          "client_secret_hash", "client_secret_env", "jwks", "grant_types", "scope", "resource",
          "token_exchange_targets"));
      String secretHash = text(c, "client_secret_hash");
      if (secretHash == null && c.has("client_secret_env")) {
        String secret = env.apply(text(c, "client_secret_env"));
        if (secret == null || secret.isEmpty()) {
          throw new IllegalArgumentException("client " + text(c, "client_id") + ": environment variable "
              + text(c, "client_secret_env") + " is not set");
        }
        secretHash = "sha256:" + dev.mcpkit.store.Hashes.sha256(secret);
      }
      clients.add(ClientRegistration.builder(text(c, "client_id")).name(text(c, "client_name"))
          .redirectUris(strings(c, "redirect_uris")).authMethod(text(c, "token_endpoint_auth_method"))
          .secretHash(secretHash).jwks(c.has("jwks") ? c.get("jwks").toString() : null)
          .grantTypes(new HashSet<>(strings(c, "grant_types")))
          // No "scope" key: no list (user-consented grants only); "" is an explicit empty list that grants nothing.
          .scopes(c.has("scope") ? new HashSet<>(words(text(c, "scope"))) : null).resource(text(c, "resource"))
          .exchangeTargets(new HashSet<>(strings(c, "token_exchange_targets"))).build());
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
      String secret = u.has("client_secret_env") ? env.apply(text(u, "client_secret_env")) : null;
      upstreams.add(UpstreamProvider.builder()
          .id(text(u, "id"))
          .displayName(text(u, "name"))
          .kind(text(u, "kind"))
          .issuer(uri(u, "issuer"))
          .clientId(text(u, "client_id"))
          .clientSecret(secret)
          .scopes(text(u, "scope"))
          .authorizationEndpoint(uri(u, "authorization_endpoint"))
          .tokenEndpoint(uri(u, "token_endpoint"))
          .userinfoEndpoint(uri(u, "userinfo_endpoint")).build());
    }
    b.upstreamProviders(upstreams);
    if (root.has("client_id_metadata_documents")) {
      JsonNode m = root.get("client_id_metadata_documents");
      check(m, "client_id_metadata_documents", Set.of("enabled", "allowed_hosts", "allow_loopback"));
      b.cimd(new CimdPolicy(bool(m, "enabled", true), strings(m, "allowed_hosts"), bool(m, "allow_loopback", false)));
    }
    if (root.has("dynamic_registration")) {
      JsonNode d = root.get("dynamic_registration");
      check(d, "dynamic_registration", Set.of("enabled", "per_minute", "grant_types", "client_credentials_scope"));
      b.dynamicRegistration(bool(d, "enabled", true),
          d.has("per_minute") ? (int) whole(d, "per_minute", 0, Integer.MAX_VALUE) : 10);
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
      String password = t.has("password_env") ? env.apply(text(t, "password_env")) : null;
      b.tls(dir.resolve(text(t, "keystore")), password == null ? "" : password);
    }
    return b;
  }

  private void seconds(String key, java.util.function.Consumer<Duration> set) {
    if (root.has(key)) {
      set.accept(Duration.ofSeconds(whole(root, key, 1, MAX_SECONDS)));
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

  // Typed readers: a value of the wrong type is an error naming its key, never Jackson's coercion
  // (a number read as "5") or its exception (an object read as a string, 1e400 read as a number).

  private static String text(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isString()) {
      throw new IllegalArgumentException("'" + key + "' must be a string");
    }
    return v.asString();
  }

  private static long whole(JsonNode n, String key, long min, long max) {
    OptionalLong v = Json.wholeNumber(n.get(key));
    if (v.isEmpty() || v.getAsLong() < min || v.getAsLong() > max) {
      throw new IllegalArgumentException("'" + key + "' must be a whole number from " + min + " to " + max);
    }
    return v.getAsLong();
  }

  private static boolean bool(JsonNode n, String key, boolean absent) {
    JsonNode v = n.get(key);
    if (v == null) {
      return absent;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException("'" + key + "' must be true or false");
    }
    return v.booleanValue();
  }

  private static URI uri(JsonNode n, String key) {
    String v = text(n, key);
    try {
      return v == null ? null : new URI(v);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + key + "' must be a URL");
    }
  }

  private static List<String> strings(JsonNode n, String key) {
    JsonNode v = n.get(key);
    if (v != null && !v.isNull() && (!v.isArray() || Clients.strings(v).size() != v.size())) {
      throw new IllegalArgumentException("'" + key + "' must be an array of strings");
    }
    return Clients.strings(v);
  }

  /** A configured scope value: split like any scope value, and each name must be a scope token. */
  private static Set<String> words(String s) {
    Set<String> out = Scopes.parse(s);
    out.forEach(Scopes::check);
    return out;
  }
}
