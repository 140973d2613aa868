package dev.mcpkit.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The SSE parser: line endings, multi-line data, comments, id and retry, limits. */
class SseReaderTest {

  private static SseReader reader(String text, int max) {
    return new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), max);
  }

  @Test
  void parsesEventsWithEveryLineEnding() throws Exception {
    SseReader r = reader(": keep-alive\r\nid: e-1\rretry: 500\n\nevent: message\ndata: {\"a\":\ndata:1}\r\n\r\ndata: tail-without-blank-line", 1000);
    SseReader.Event priming = r.next();
    assertThat(priming.id()).isEqualTo("e-1");
    assertThat(priming.retry()).isEqualTo(500);
    assertThat(priming.data()).isNull();
    SseReader.Event msg = r.next();
    assertThat(msg.event()).isEqualTo("message");
    assertThat(msg.data()).isEqualTo("{\"a\":\n1}");
    assertThat(msg.id()).isEqualTo("e-1"); // the last id carries over
    assertThat(r.next()).isNull(); // an unterminated event is dropped
    assertThat(r.lastEventId()).isEqualTo("e-1");
    assertThat(r.retry()).isEqualTo(500);
  }

  @Test
  void refusesOversizeLinesAndEvents() {
    assertThatThrownBy(() -> reader("data: " + "x".repeat(2000) + "\n\n", 1024).next())
        .isInstanceOf(SseReader.OversizeException.class);
    assertThatThrownBy(() -> reader("data: aaaa\n".repeat(400) + "\n", 1024).next())
        .isInstanceOf(SseReader.OversizeException.class);
  }

  @Test
  void theSizeCountStartsAgainAfterEveryEmptyEvent() throws Exception {
    // 500 keep-alive comments (and blocks of unknown fields) of 13 bytes each: 6.5 KB of empty events under a
    // 1 KB limit, then a real event
    SseReader r = reader(": keep-alive\n\n".repeat(250) + "x-unknown: 1\n\n".repeat(250) + "data: ok\n\n", 1024);
    assertThat(r.next().data()).isEqualTo("ok");
    assertThat(r.next()).isNull();
  }
}
