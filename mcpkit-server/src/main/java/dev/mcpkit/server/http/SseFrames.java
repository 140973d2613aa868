package dev.mcpkit.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The bytes of Server-Sent Events as {@link SseConnection} sends them. */
final class SseFrames {

  private static final byte[] MESSAGE_HEAD = "event: message\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);

  private SseFrames() {}

  /**
   * One event: {@code id} and {@code event} may be null; {@code data} is UTF-8 (JSON as Jackson wrote it, or ASCII
   * text of ours).
   */
  static byte[] event(String id, String event, byte[] data, Integer retryMs) {
    byte[] head = id == null && retryMs == null && "message".equals(event) ? MESSAGE_HEAD : head(id, event, retryMs);
    return hasLineBreak(data) ? frameLines(head, data) : frame(head, data);
  }

  /** The fields before {@code data}: our own names and numbers, so ASCII. */
  private static byte[] head(String id, String event, Integer retryMs) {
    StringBuilder head = new StringBuilder(48);
    if (event != null) {
      head.append("event: ").append(event).append('\n');
    }
    if (id != null) {
      head.append("id: ").append(id).append('\n');
    }
    if (retryMs != null) {
      head.append("retry: ").append(retryMs).append('\n');
    }
    return head.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static boolean hasLineBreak(byte[] data) {
    for (byte b : data) {
      if (b == '\n' || b == '\r') {
        return true;
      }
    }
    return false;
  }

  /**
   * The usual event, data on one line (Jackson's compact JSON has no raw line breaks): framed straight into an
   * array of its exact size, the one copy of {@code data} the event needs. Every event of an answer passes here.
   */
  private static byte[] frame(byte[] head, byte[] data) {
    byte[] out = new byte[head.length + DATA.length + data.length + 2];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(DATA, 0, out, head.length, DATA.length);
    System.arraycopy(data, 0, out, head.length + DATA.length, data.length);
    out[out.length - 2] = '\n';
    out[out.length - 1] = '\n';
    return out;
  }

  /** Data with line breaks, which a data field must never carry: one {@code data:} line per line. */
  private static byte[] frameLines(byte[] head, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(head.length + data.length + 64);
    out.writeBytes(head);
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length || data[i] == '\n' || data[i] == '\r') {
        out.writeBytes(DATA);
        out.write(data, start, i - start);
        out.write('\n');
        if (i < data.length && data[i] == '\r' && i + 1 < data.length && data[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    out.write('\n');
    return out.toByteArray();
  }
}
