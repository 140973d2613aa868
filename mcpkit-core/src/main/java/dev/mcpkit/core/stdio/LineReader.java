package dev.mcpkit.core.stdio;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads newline-delimited messages as bytes, with a bound: a line longer than the limit is
 * skipped to its end and reported, so one oversize message cannot exhaust memory or desynchronise
 * the stream. Shared by the stdio server and client.
 */
public final class LineReader {

  /** A line, or the marker of one that was too long. */
  public record Line(byte[] bytes, boolean tooLong) {}

  private final InputStream in;
  private final int max;
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int len;

  /** A reader of {@code in} that reports lines longer than {@code maxLineBytes} as too long. */
  public LineReader(InputStream in, int maxLineBytes) {
    this.in = in;
    this.max = maxLineBytes;
  }

  /** The next line without its terminator ({@code \n} or {@code \r\n}), or {@code null} at end of input. */
  public Line next() throws IOException {
    byte[] acc = new byte[256];
    int n = 0;
    boolean tooLong = false;
    while (true) {
      if (pos == len) {
        len = in.read(buf, 0, buf.length);
        pos = 0;
        if (len <= 0) {
          len = 0;
          if (n == 0 && !tooLong) {
            return null;
          }
          return tooLong ? new Line(new byte[0], true) : new Line(trimCr(acc, n), false);
        }
      }
      int start = pos;
      while (pos < len && buf[pos] != '\n') {
        pos++;
      }
      int chunk = pos - start;
      if (!tooLong) {
        if (n + chunk > max) {
          tooLong = true;
          acc = null;
        } else {
          if (n + chunk > acc.length) {
            acc = Arrays.copyOf(acc, Math.max(acc.length * 2, n + chunk));
          }
          System.arraycopy(buf, start, acc, n, chunk);
          n += chunk;
        }
      }
      if (pos < len) { // found '\n'
        pos++;
        return tooLong ? new Line(new byte[0], true) : new Line(trimCr(acc, n), false);
      }
    }
  }

  private static byte[] trimCr(byte[] acc, int n) {
    if (n > 0 && acc[n - 1] == '\r') {
      n--;
    }
    return Arrays.copyOf(acc, n);
  }
}
