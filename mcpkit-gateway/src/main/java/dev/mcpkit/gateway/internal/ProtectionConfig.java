package dev.mcpkit.gateway.internal;

import dev.mcpkit.gateway.GatewayProtection;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The {@code gateway.auth} section of the configuration file (already checked against the schema) as a {@link
 * GatewayProtection.Builder}; what the schema cannot say (an external issuer needs {@code jwksUri} or {@code
 * introspection}, the embedded one neither) is checked here, naming the JSON path. Secrets are references ({@link
 * Secrets}), resolved when the file is read.
 */
public final class ProtectionConfig {

  private ProtectionConfig() {}

  /** The builder for {@code auth} (at {@code /gateway/auth} of {@code file}). */
  public static GatewayProtection.Builder read(JsonNode auth, Path file, Function<String, String> env) {
    String at = "/gateway/auth";
    GatewayProtection.Builder b = GatewayProtection.builder();
    String issuer = auth.path("issuer").asString();
    if (issuer.equals("embedded")) {
      for (String k : List.of("jwksUri", "introspection")) {
        if (auth.has(k)) {
          throw Secrets.invalid(file, at + "/" + k, "the embedded authorization server needs no " + k);
        }
      }
      b.embedded(auth.path("user").asString("operator"),
          auth.has("password") ? Secrets.resolve(auth.get("password"), at + "/password", file, env) : null);
    } else {
      for (String k : List.of("user", "password")) {
        if (auth.has(k)) {
          throw Secrets.invalid(file, at + "/" + k, k + " is for the embedded authorization server (\"issuer\": "
              + "\"embedded\"); an external issuer has its own users");
        }
      }
      if (auth.has("jwksUri") == auth.has("introspection")) {
        throw Secrets.invalid(file, at, "an external issuer needs exactly one of \"jwksUri\" (JWT access tokens) and"
            + " \"introspection\" (opaque tokens)");
      }
      if (auth.has("jwksUri")) {
        b.jwks(issuer, URI.create(auth.get("jwksUri").asString()));
      } else {
        JsonNode in = auth.get("introspection");
        b.introspection(issuer, URI.create(in.path("endpoint").asString()), in.path("clientId").asString(),
            Secrets.resolve(in.path("clientSecret"), at + "/introspection/clientSecret", file, env));
      }
    }
    if (auth.has("resource")) {
      b.resource(auth.get("resource").asString());
    }
    List<String> scopes = strings(auth.path("scopes"));
    List<String> required = strings(auth.path("requiredScopes"));
    List<String> known = scopes.isEmpty() ? List.of(GatewayProtection.DEFAULT_SCOPE) : scopes;
    for (int i = 0; i < required.size(); i++) {
      if (!known.contains(required.get(i))) {
        throw Secrets.invalid(file, at + "/requiredScopes/" + i, "\"" + required.get(i) + "\" is not one of the"
            + " gateway's scopes (" + String.join(", ", known) + ")");
      }
    }
    b.scopes(scopes);
    b.requiredScopes(required);
    return b;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asString()));
    return out;
  }
}
