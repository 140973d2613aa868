package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.HttpTestClient.Reply;
import dev.mcpkit.server.testing.TestTools;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Media types are parsed (type, subtype, parameters, case, weights), not matched
 * as substrings. {@code application/jsonx} is not JSON (415) and {@code text/event-streamz} is not
 * SSE (406), on the Streamable HTTP endpoint and the legacy one.
 */
class MediaTypesTest {

  @Test
  void lookalikeTypesAreRefused() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build())) {
      Reply jsonx = f.client.modern(1, "tools/list", null).header("Content-Type", "application/jsonx")
          .header("Accept", "application/jsonx, text/event-streamz").send();
      assertThat(jsonx.status()).as(jsonx.body()).isEqualTo(415);
      assertThat(f.client.modern(2, "tools/list", null).header("Accept", "application/jsonx, text/event-streamz")
          .send().status()).isEqualTo(406);
      assertThat(f.client.modern(3, "tools/list", null).header("Accept", "application/json, text/event-streamz")
          .send().status()).isEqualTo(406);
      assertThat(f.client.modern(4, "tools/list", null).header("Content-Type", "xapplication/json").send().status())
          .isEqualTo(415);
      assertThat(f.client.modern(5, "tools/list", null).header("Content-Type", "application/json-patch+json")
          .send().status()).isEqualTo(415);
      assertThat(f.client.request("POST", "/messages?sessionId=x").header("Content-Type", "application/jsonx")
          .body("{}").send().status()).isIn(404, 415);
    }
  }

  @Test
  void realTypesInAnySpellingAreServed() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build())) {
      for (String accept : List.of("Application/JSON, TEXT/Event-Stream", "application/*, text/*",
          "*/*;q=0.1", "application/json;q=0.9, text/event-stream;q=0.5", "text/event-stream , application/json ;q=1")) {
        Reply r = f.client.modern(1, "tools/list", null).header("Accept", accept)
            .header("Content-Type", "Application/Json ; Charset=UTF-8").send();
        assertThat(r.status()).as(accept + ": " + r.body()).isEqualTo(200);
      }
      Reply refusedSse = f.client.modern(2, "tools/list", null)
          .header("Accept", "application/json, text/event-stream;q=0").send();
      assertThat(refusedSse.status()).as("q=0 refuses").isEqualTo(406);
      Reply refusedByMostSpecific = f.client.modern(3, "tools/list", null)
          .header("Accept", "*/*, text/event-stream;q=0").send();
      assertThat(refusedByMostSpecific.status()).isEqualTo(406);
    }
  }

  @Test
  void parsing() {
    assertThat(Accepts.parse("Text/Event-Stream; charset=\"a;b,c\"; q=0.5"))
        .isEqualTo(new Accepts.MediaRange("text", "event-stream", 0.5));
    assertThat(Accepts.parse("application/json/x")).isNull();
    assertThat(Accepts.parse("application")).isNull();
    assertThat(Accepts.parse("*/json")).isNull();
    assertThat(Accepts.parse("text/html;q=2")).isNull();
    assertThat(Accepts.parse("app lication/json")).isNull();
    List<Accepts.MediaRange> ranges = List.of(Accepts.parse("text/*;q=0"), Accepts.parse("text/event-stream"));
    assertThat(Accepts.acceptable(ranges, "text/event-stream")).isTrue();
    assertThat(Accepts.acceptable(ranges, "text/html")).isFalse();
  }

  @Test
  void rememberedHeaderValuesAreExactAndBounded() {
    try (HttpFixture f = HttpFixture.start(TestTools.server().build())) {
      // Alternating a served value and its lookalike: each keeps its own answer.
      for (int i = 0; i < 3; i++) {
        assertThat(f.client.modern(1, "tools/list", null).header("Accept", "application/json, text/event-stream")
            .send().status()).isEqualTo(200);
        assertThat(f.client.modern(2, "tools/list", null).header("Accept", "application/json, text/event-streamz")
            .send().status()).isEqualTo(406);
        assertThat(f.client.modern(3, "tools/list", null).header("Accept", "text/event-stream").send().status())
            .as("JSON not accepted").isEqualTo(406);
        assertThat(f.client.modern(4, "tools/list", null).header("Content-Type", "application/jsonx").send().status())
            .isEqualTo(415);
        assertThat(f.client.modern(5, "tools/list", null).header("Content-Type", "application/json").send().status())
            .isEqualTo(200);
      }
    }
    Accepts.Memo<Boolean> memo = new Accepts.Memo<>();
    for (int i = 0; i < 10_000; i++) {
      memo.put("application/json; x=" + i, true);
    }
    assertThat(memo.size()).as("a client sending new values only replaces entries").isLessThanOrEqualTo(Accepts.Memo.SLOTS);
    String huge = "application/json; x=" + "y".repeat(Accepts.Memo.MAX_KEY);
    memo.put(huge, true);
    assertThat(memo.get(huge)).as("long values are not kept").isNull();
    memo.put("application/json", true);
    assertThat(memo.get("application/json")).isTrue();
    assertThat(memo.get("application/jsonx")).isNull();
  }
}
