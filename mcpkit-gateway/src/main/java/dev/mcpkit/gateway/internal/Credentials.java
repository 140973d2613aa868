package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.gateway.Upstream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The credential strategy of one upstream ({@code gateway.servers.<name>.credentials}, checked against the schema):
 * {@code none}; {@code static} headers ({@code bearer}, {@code headers}) or stdio environment ({@code env}) from
 * secret references ({@link Secrets}: the file never holds a secret); {@code client_credentials} and {@code login}
 * (an operator's {@code mcpkit login}, refreshed) through mcpkit-auth's OAuth client ({@link OAuthCredentials}). The
 * caller's token is never one of them: the gateway's {@code Link}s build their own requests from these alone.
 */
public final class Credentials {

  private Credentials() {}

  /**
   * Applies {@code cred} (at {@code path}) to the upstream being built from {@code spec}.
   *
   * @return the builder for the upstream, with the strategy's headers, environment or auth provider
   */
  public static Upstream.Builder apply(String name, ServerSpec spec, JsonNode cred, String path, Path file,
      Function<String, String> env) {
    String type = cred == null ? "none" : cred.path("type").asString("none");
    if (type.equals("none")) {
      return Upstream.builder(name, spec);
    }
    if (type.equals("static")) {
      Map<String, String> headers = new LinkedHashMap<>(spec.headers());
      Map<String, String> vars = new LinkedHashMap<>(spec.env());
      Set<String> secrets = new HashSet<>(spec.secrets());
      if (cred.has("bearer")) {
        String token = Secrets.resolve(cred.get("bearer"), path + "/bearer", file, env);
        headers.put("Authorization", "Bearer " + token);
        secrets.add(token);
      }
      for (var h : cred.path("headers").properties()) {
        String v = Secrets.resolve(h.getValue(), path + "/headers/" + h.getKey(), file, env);
        headers.put(h.getKey(), v);
        secrets.add(v);
      }
      for (var e : cred.path("env").properties()) {
        String v = Secrets.resolve(e.getValue(), path + "/env/" + e.getKey(), file, env);
        vars.put(e.getKey(), v);
        secrets.add(v);
      }
      if (spec.isStdio() && !headers.equals(spec.headers())) {
        throw Secrets.invalid(file, path, "a stdio server takes its secrets as \"env\", not headers");
      }
      if (!spec.isStdio() && !vars.equals(spec.env())) {
        throw Secrets.invalid(file, path, "an HTTP server takes its secrets as \"headers\" or \"bearer\", not env");
      }
      ServerSpec.Builder b = spec.toBuilder().secrets(secrets);
      return Upstream.builder(name, spec.isStdio() ? b.env(vars).build() : b.headers(headers).build());
    }
    if (spec.isStdio()) {
      throw Secrets.invalid(file, path + "/type", "\"" + type + "\" is for HTTP servers (OAuth); a stdio server"
          + " takes \"static\" env");
    }
    return Upstream.builder(name, spec).auth(OAuthCredentials.provider(type, cred, path, file, env,
        spec.url()));
  }

  /**
   * Closes the credentials of {@code upstream} when they hold something (an OAuth client's HTTP clients and their
   * threads): the gateway closes, or a reload dropped or replaced the upstream. A failure is logged, not thrown, so
   * the other upstreams still close.
   */
  public static void close(Upstream upstream) {
    if (upstream.auth() instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(Credentials.class).warn("closing the credentials of upstream {} failed: {}",
            upstream.name(), e.toString());
      }
    }
  }
}
