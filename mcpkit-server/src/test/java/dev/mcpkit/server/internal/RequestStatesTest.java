package dev.mcpkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.server.testing.J;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link RequestStates}: a sealed {@code requestState} opens to what was sealed, for the same
 * request and principal, until it expires; every other use (malformed, tampered, another key,
 * expired, another request, another principal, unknown version) is a -32602 error.
 */
class RequestStatesTest {

  private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  /** A clock the test moves by hand. */
  private static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-07-28T12:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();
  private final RequestStates states = new RequestStates(KEY, Duration.ofMinutes(10), clock);
  private final String binding = RequestStates.binding("tools/call", "greet", J.obj("greeting", "Hi"));

  private static void assertRejected(ThrowableAssert.ThrowingCallable open, String fragment) {
    assertThatThrownBy(open).isInstanceOfSatisfying(McpException.class, e -> {
      assertThat(e.code()).isEqualTo(-32602);
      assertThat(e.getMessage()).contains(fragment);
    });
  }

  private String seal() {
    return states.seal(binding, "alice", "app", J.obj("elicit-1", J.obj("action", "accept")), List.of("elicit-2"));
  }

  @Test
  void roundTrip() {
    String token = seal();
    assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    RequestStates.State s = states.open(token, binding, "alice", "app");
    assertThat(s.answered()).isEqualTo(J.obj("elicit-1", J.obj("action", "accept")));
    assertThat(s.pending()).containsExactly("elicit-2");
    assertThat(s.principal()).isEqualTo("alice");
    assertThat(s.expiresAtMillis()).isEqualTo(clock.millis() + Duration.ofMinutes(10).toMillis());

    String anonymous = states.seal(binding, null, null, Json.object(), List.of("k"));
    assertThat(states.open(anonymous, binding, null, null).pending()).containsExactly("k");
    assertThat(s.handler()).isNull();
  }

  @Test
  void aHandlersOwnStateRoundTripsAndStaysBound() {
    String token = states.seal(binding, "alice", "app", Json.object(), List.of("up.1"), "{\"upstream\":\"a\"}");
    RequestStates.State s = states.open(token, binding, "alice", "app");
    assertThat(s.handler()).isEqualTo("{\"upstream\":\"a\"}");
    assertThat(s.pending()).containsExactly("up.1");
    assertRejected(() -> states.open(token, binding, "bob", "app"), "different caller");
  }

  @Test
  void aStateOpensUntilItExpires() {
    String token = seal();
    clock.now = clock.now.plus(Duration.ofMinutes(10));
    assertThat(states.open(token, binding, "alice", "app").pending()).containsExactly("elicit-2");
    clock.now = clock.now.plusMillis(1);
    assertRejected(() -> states.open(token, binding, "alice", "app"), "requestState has expired");
  }

  @Test
  void malformedTokens() {
    for (String bad : List.of("", "nodot", "a.b.c", ".abc", "abc.", "!!!.???", "a b.c")) {
      assertRejected(() -> states.open(bad, binding, "alice", "app"), "requestState");
    }
  }

  @Test
  @DisplayName("SEC-CTX-08 a changed payload or MAC fails integrity")
  void tamperingIsDetected() {
    String token = seal();
    int dot = token.indexOf('.');
    byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, dot));
    String json = new String(payload, StandardCharsets.UTF_8).replace("alice", "malory");
    String forged = B64.encodeToString(json.getBytes(StandardCharsets.UTF_8)) + token.substring(dot);
    assertRejected(() -> states.open(forged, binding, "malory", "app"), "integrity");

    byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    mac[0] ^= 1;
    assertRejected(() -> states.open(token.substring(0, dot + 1) + B64.encodeToString(mac), binding, "alice",
        "app"),
        "integrity");
    byte[] shortMac = Arrays.copyOf(Base64.getUrlDecoder().decode(token.substring(dot + 1)), 16);
    assertRejected(() -> states.open(token.substring(0, dot + 1) + B64.encodeToString(shortMac), binding,
        "alice", "app"),
        "integrity");
  }

  @Test
  void anotherKeyFailsIntegrity() {
    byte[] otherKey = KEY.clone();
    otherKey[31] ^= 1;
    String foreign = new RequestStates(otherKey, Duration.ofMinutes(10), clock).seal(binding, "alice", "app",
        Json.object(), List.of("k"));
    assertRejected(() -> states.open(foreign, binding, "alice", "app"), "integrity");
  }

  @Test
  @DisplayName("SEC-CTX-08 a state belongs to one request and one principal")
  void bindingAndPrincipalAreChecked() {
    String token = seal();
    assertRejected(() -> states.open(token, RequestStates.binding("tools/call", "greet", J.obj("greeting", "Yo")),
        "alice", "app"), "different request");
    assertRejected(() -> states.open(token, RequestStates.binding("prompts/get", "greet", J.obj("greeting", "Hi")),
        "alice", "app"), "different request");
    assertRejected(() -> states.open(token, binding, "bob", "app"), "different caller");
    assertRejected(() -> states.open(token, binding, null, null), "different caller");
    String anonymous = states.seal(binding, null, null, Json.object(), List.of());
    assertRejected(() -> states.open(anonymous, binding, "alice", "app"), "different caller");
  }

  @Test
  @DisplayName("SEC-CTX-08 a state belongs to one OAuth client: the same user through another client is refused")
  void clientIsChecked() {
    String token = seal();
    assertThat(states.open(token, binding, "alice", "app").clientId()).isEqualTo("app");
    assertRejected(() -> states.open(token, binding, "alice", "other-app"), "different client");
    assertRejected(() -> states.open(token, binding, "alice", null), "different client");
    String noClient = states.seal(binding, "alice", null, Json.object(), List.of());
    assertRejected(() -> states.open(noClient, binding, "alice", "app"), "different client");
  }

  @Test
  void anUnknownVersionIsRejectedEvenWithAValidMac() throws Exception {
    ObjectNode p = J.obj("v", 2, "b", binding, "p", "alice", "e", clock.millis() + 60_000, "a", J.obj(), "q", J.arr());
    byte[] payload = Json.writeBytes(p);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
    String token = B64.encodeToString(payload) + "." + B64.encodeToString(mac.doFinal(payload));
    assertRejected(() -> states.open(token, binding, "alice", "app"), "unknown version");
  }

  @Test
  void bindingsAreCanonical() {
    String a = RequestStates.binding("tools/call", "t", Json.parse("{\"x\":1,\"y\":{\"b\":[1,2],\"a\":\"s\"}}"));
    String b = RequestStates.binding("tools/call", "t", Json.parse("{\"y\":{\"a\":\"s\",\"b\":[1,2]},\"x\":1.0}"));
    assertThat(a).isEqualTo(b).startsWith("tools/call:");
    assertThat(RequestStates.binding("tools/call", "t", Json.parse("{\"y\":{\"a\":\"s\",\"b\":[2,1]},\"x\":1}")))
        .as("array order matters").isNotEqualTo(a);
    assertThat(RequestStates.binding("tools/call", "u", Json.parse("{\"x\":1,\"y\":{\"b\":[1,2],\"a\":\"s\"}}")))
        .isNotEqualTo(a);
    assertThat(RequestStates.binding("tools/call", "t", null))
        .isEqualTo(RequestStates.binding("tools/call", "t", Json.object().nullNode()));
    assertThat(RequestStates.binding("tools/call", "t", Json.parse("\"1\"")))
        .isNotEqualTo(RequestStates.binding("tools/call", "t", Json.parse("1")));
  }

  @Test
  void keysMustBeLongEnough() {
    assertThatThrownBy(() -> new RequestStates(new byte[31], Duration.ofMinutes(1), clock))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
  }

  /** A server's default key is made when the first state needs it: asked for once, then the same key for every state. */
  @Test
  void aSuppliedKeyIsAskedForAtTheFirstStateAndOnlyThen() {
    java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
    RequestStates lazy = new RequestStates(() -> {
      asked.incrementAndGet();
      return KEY;
    }, Duration.ofMinutes(10), clock);
    assertThat(asked).hasValue(0);
    String sealed = lazy.seal(binding, "alice", "app", Json.object(), List.of("k"));
    assertThat(asked).hasValue(1);
    assertThat(lazy.open(sealed, binding, "alice", "app").pending()).containsExactly("k");
    assertThat(states.open(sealed, binding, "alice", "app").pending()).as("the same key as the eager one").containsExactly("k");
    assertThat(asked).hasValue(1);
    RequestStates shortKey = new RequestStates(() -> new byte[31], Duration.ofMinutes(1), clock);
    assertThatThrownBy(() -> shortKey.seal(binding, "alice", "app", Json.object(), List.of("k")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
  }
}
