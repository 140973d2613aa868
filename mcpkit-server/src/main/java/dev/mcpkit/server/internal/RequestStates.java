package dev.mcpkit.server.internal;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.McpException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Seals and opens the {@code requestState} of 2026-07-28 multi round-trip requests. The state
 * carries the answers already given (so the server keeps nothing between rounds) and is bound, as
 * the specification advises, to the request it belongs to (method and a digest of its salient
 * parameters), to the authenticated principal and the OAuth client it acts through (a token another
 * client obtained for the same user must not continue the request), and to an expiry; an
 * HMAC-SHA256 protects it. Any
 * instance holding the same key can continue a request another instance started.
 */
public final class RequestStates {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final Supplier<byte[]> keySource;
  private volatile SecretKeySpec key;
  private final Duration ttl;
  private final Clock clock;

  public RequestStates(byte[] key, Duration ttl, Clock clock) {
    this(() -> key, ttl, clock);
    key();
  }

  /**
   * States under a key asked for when the first state is sealed or opened: a server's default key is random, and
   * seeding the random generator is a measurable part of a stdio server's start that most sessions never need.
   * A key shorter than 32 bytes fails there.
   */
  public RequestStates(Supplier<byte[]> key, Duration ttl, Clock clock) {
    this.keySource = key;
    this.ttl = ttl;
    this.clock = clock;
  }

  private SecretKeySpec key() {
    SecretKeySpec k = key;
    if (k == null) {
      byte[] bytes = keySource.get();
      if (bytes.length < 32) {
        throw new IllegalArgumentException("the requestState key needs at least 32 bytes");
      }
      // two threads may both make it: the same key either way
      key = k = new SecretKeySpec(bytes.clone(), "HmacSHA256");
    }
    return k;
  }

  /**
   * What a state says.
   *
   * @param principal the authenticated subject, or {@code null} when anonymous
   * @param clientId the OAuth client of the caller's token, or {@code null} when not known
   * @param answered the answers given in earlier rounds, by input key
   * @param pending the input keys asked for in the last round
   * @param handler what the handler sealed of its own ({@code RequestContext.inputRequired}), or {@code null}
   */
  public record State(String binding, String principal, String clientId, long expiresAtMillis, ObjectNode answered,
      List<String> pending, String handler) {}

  /** Seals a state for the next round, bound to the caller's subject and OAuth client. */
  public String seal(String binding, String principal, String clientId, ObjectNode answered, List<String> pending) {
    return seal(binding, principal, clientId, answered, pending, null);
  }

  /** Seals a state for the next round that also carries the handler's own state ({@code handler}, or {@code null}). */
  public String seal(String binding, String principal, String clientId, ObjectNode answered, List<String> pending,
      String handler) {
    ObjectNode p = Json.object();
    p.put("v", 1);
    p.put("b", binding);
    p.put("p", principal == null ? "" : principal);
    p.put("c", clientId == null ? "" : clientId);
    p.put("e", clock.millis() + ttl.toMillis());
    p.set("a", answered);
    ArrayNode q = p.putArray("q");
    pending.forEach(q::add);
    if (handler != null) {
      p.put("h", handler);
    }
    byte[] payload = Json.writeBytes(p);
    return B64.encodeToString(payload) + "." + B64.encodeToString(mac(payload));
  }

  /**
   * Opens a state received with a retry.
   *
   * @throws McpException -32602 when the state is malformed, forged, expired, or belongs to another
   *     request, principal or OAuth client
   */
  public State open(String token, String binding, String principal, String clientId) {
    int dot = token.indexOf('.');
    if (dot <= 0 || dot != token.lastIndexOf('.')) {
      throw invalid("requestState is malformed");
    }
    byte[] payload;
    byte[] sig;
    try {
      payload = B64D.decode(token.substring(0, dot));
      sig = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      throw invalid("requestState is malformed");
    }
    if (!MessageDigest.isEqual(sig, mac(payload))) {
      throw invalid("requestState failed integrity verification");
    }
    JsonNode p = Json.parse(payload);
    if (p.path("v").asInt() != 1) {
      throw invalid("requestState has an unknown version");
    }
    if (clock.millis() > p.path("e").asLong()) {
      throw invalid("requestState has expired; send the request again without it");
    }
    if (!binding.equals(p.path("b").asString())) {
      throw invalid("requestState belongs to a different request");
    }
    if (!(principal == null ? "" : principal).equals(p.path("p").asString())) {
      throw invalid("requestState belongs to a different caller");
    }
    // A state sealed before the client was bound has no "c": it reads as "" and so opens only for
    // callers without a client id, never for an authenticated client.
    if (!(clientId == null ? "" : clientId).equals(p.path("c").asString(""))) {
      throw invalid("requestState belongs to a different client");
    }
    List<String> pending = new ArrayList<>();
    p.path("q").forEach(n -> pending.add(n.asString()));
    ObjectNode answered = p.path("a") instanceof ObjectNode o ? o : Json.object();
    String handler = p.path("h").isString() ? p.path("h").asString() : null;
    return new State(binding, principal, clientId, p.path("e").asLong(), answered, pending, handler);
  }

  private byte[] mac(byte[] payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key());
      return mac.doFinal(payload);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static McpException invalid(String message) {
    return McpException.invalidParams(message);
  }

  /**
   * The binding of a request: its method and a digest of the parameters that define it (name or
   * URI, and arguments), in a canonical form so that key order does not matter.
   */
  public static String binding(String method, String target, JsonNode arguments) {
    StringBuilder canonical = new StringBuilder(method).append('\n').append(target == null ? "" : target).append('\n');
    canonicalize(arguments, canonical);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return method + ":" + B64.encodeToString(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void canonicalize(JsonNode n, StringBuilder out) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      out.append("null");
    } else if (n.isObject()) {
      Map<String, JsonNode> sorted = new TreeMap<>();
      n.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
      out.append('{');
      sorted.forEach((k, v) -> {
        out.append(Json.write(k)).append(':');
        canonicalize(v, out);
        out.append(',');
      });
      out.append('}');
    } else if (n.isArray()) {
      out.append('[');
      n.forEach(v -> {
        canonicalize(v, out);
        out.append(',');
      });
      out.append(']');
    } else if (n.isNumber()) {
      out.append(n.decimalValue().stripTrailingZeros().toPlainString());
    } else {
      out.append(Json.write(n));
    }
  }
}
