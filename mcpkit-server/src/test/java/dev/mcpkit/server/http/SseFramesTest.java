package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bytes of one event: its fields, then one {@code data:} line per line of data, then a blank line. */
class SseFramesTest {

  private static String frame(String id, String event, String data, Integer retryMs) {
    return new String(SseFrames.event(id, event, data.getBytes(StandardCharsets.UTF_8), retryMs),
        StandardCharsets.UTF_8);
  }

  @Test
  void aMessageOnOneLine() {
    assertThat(frame(null, "message", "{\"a\":\"\u00e9\"}", null)).isEqualTo("event: message\ndata: {\"a\":\"\u00e9\"}\n\n");
    assertThat(frame(null, "message", "", null)).isEqualTo("event: message\ndata: \n\n");
  }

  @Test
  void fieldsInTheirOrder() {
    assertThat(frame("s1-7", "message", "{}", null)).isEqualTo("event: message\nid: s1-7\ndata: {}\n\n");
    assertThat(frame("s1-0", null, "", 3000)).isEqualTo("id: s1-0\nretry: 3000\ndata: \n\n");
    assertThat(frame(null, "endpoint", "/message?sessionId=x", null))
        .isEqualTo("event: endpoint\ndata: /message?sessionId=x\n\n");
    assertThat(frame(null, null, "x", null)).isEqualTo("data: x\n\n");
  }

  @Test
  void everyLineBreakStartsADataLine() {
    assertThat(frame(null, "message", "a\nb\r\nc\rd", null))
        .isEqualTo("event: message\ndata: a\ndata: b\ndata: c\ndata: d\n\n");
    assertThat(frame(null, "message", "a\n", null)).isEqualTo("event: message\ndata: a\ndata: \n\n");
    assertThat(frame("1", "message", "\r\n\r\n", 5)).isEqualTo("event: message\nid: 1\nretry: 5\ndata: \ndata: \ndata: \n\n");
  }
}
