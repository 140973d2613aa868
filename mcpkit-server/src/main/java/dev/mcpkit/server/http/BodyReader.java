package dev.mcpkit.server.http;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * Reads a request body up to a limit without blocking a thread: what has arrived is taken at once, and for the rest
 * the reader asks Jetty to call it back ({@code Request.demand}) and returns. A body beyond the limit is answered
 * with 413 (declared too large by its {@code Content-Length} before anything is read, or found too large while
 * reading a chunked one).
 *
 * <p>When the body arrives in pieces, the handler's next step runs on the Jetty thread that delivered the last one,
 * and the request's callback moves with it ({@link Completion#handOver}).
 */
final class BodyReader implements Runnable, Invocable {

  /** What the handler does once it has the whole body. */
  interface Then {
    /**
     * @param resumed whether the body's last bytes arrived later, so that this runs on the Jetty thread that
     *     delivered them rather than on the thread that started the read
     */
    void body(Completion completion, byte[] body, boolean resumed) throws Exception;
  }

  /** The first buffer of a body of unknown length (chunked), grown as needed. */
  private static final int FIRST_UNKNOWN = 1024;

  private final Request request;
  private final Response response;
  private final long limit;
  private final Then then;
  private Completion completion;
  private byte[] buf;
  private int size;
  private boolean resumed;

  private BodyReader(Request request, Response response, long limit, Completion completion, Then then, byte[] buf) {
    this.request = request;
    this.response = response;
    this.limit = limit;
    this.completion = completion;
    this.then = then;
    this.buf = buf;
  }

  /**
   * Reads the body of {@code request} and passes it to {@code then}, on this thread when it has all arrived,
   * otherwise later on the Jetty thread that delivers the rest. Returns at once in any case; a failed read (the
   * client went away, a malformed chunk) fails the request's callback.
   */
  static void read(Request request, Response response, long limit, Completion completion, Then then)
      throws Exception {
    long declared = request.getLength();
    if (declared > limit) {
      tooLarge(response, limit);
      return;
    }
    // With a Content-Length (within the limit) exactly that many bytes are read into an array of that size.
    byte[] buf = new byte[declared >= 0 ? (int) declared : (int) Math.min(limit, FIRST_UNKNOWN)];
    new BodyReader(request, response, limit, completion, then, buf).readAvailable();
  }

  /**
   * Non-blocking: the next step reads what arrived, parses it and either serves it (work that cannot block) or
   * starts a virtual thread for it. So Jetty runs it on the I/O thread that delivered the bytes, rather than
   * dispatching it as a blocking task (to a thread of its pool, or a virtual thread of its own).
   */
  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  /** Called by Jetty when more of the body has arrived (the request's callback was handed over before). */
  @Override
  public void run() {
    resumed = true;
    StreamableHttpHandler.step(completion, c -> readAvailable());
  }

  private void readAvailable() throws Exception {
    while (true) {
      Content.Chunk chunk = request.read();
      if (chunk == null) {
        // The rest comes later: its step owns the callback from now on, not the one that returns here.
        completion = completion.handOver();
        request.demand(this);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        throw new java.io.IOException("the request body could not be read", chunk.getFailure());
      }
      try {
        ByteBuffer b = chunk.getByteBuffer();
        int n = b.remaining();
        if (size + (long) n > limit) {
          tooLarge(response, limit);
          return;
        }
        if (size + n > buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max((long) buf.length * 2, (long) size + n)));
        }
        b.get(buf, size, n);
        size += n;
      } finally {
        chunk.release();
      }
      if (chunk.isLast()) {
        HttpReplies.bodyRead(response);
        then.body(completion, size == buf.length ? buf : Arrays.copyOf(buf, size), resumed);
        return;
      }
    }
  }

  private static void tooLarge(Response response, long limit) {
    ErrorWriter.reject(response, 413, "Content too large: the limit is " + limit + " bytes");
  }
}
