package dev.mcpkit.client.transport;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

/**
 * The answer to a request whose caller waits for it, as {@link InputStreamResponseListener}, except that a 2xx JSON
 * answer (the common one) is read whole where Jetty delivers it, and its head is shown only then: the waiting thread
 * wakes once, with the body in {@link #body()}, instead of waking for the head and then asking Jetty for each piece of
 * the body from another thread. No thread waits for the body meanwhile: each piece is copied as it arrives and the next
 * one asked for. A body beyond {@code max} bytes aborts the exchange ({@link HttpSupport.TooLarge}), as reading it
 * would have. Any other answer (an SSE stream, an error) is streamed as the plain listener does.
 */
final class JsonAnswer extends InputStreamResponseListener {

  private final int max;
  private ByteArrayOutputStream buffer; // set by onHeaders for a 2xx JSON answer; then used by Jetty's thread only
  private volatile byte[] body;

  JsonAnswer(int max) {
    this.max = max;
  }

  /** The whole body of a 2xx JSON answer, or {@code null} (then read it from {@link #getInputStream()}). */
  byte[] body() {
    return body;
  }

  @Override
  public void onHeaders(Response response) {
    int s = response.getStatus();
    String type = HttpSupport.mediaType(response);
    if (s >= 200 && s < 300 && (type.equals("application/json") || type.endsWith("+json"))) {
      long length = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      if (length > max) {
        response.abort(tooLarge());
        return;
      }
      buffer = new ByteArrayOutputStream(length > 0 ? (int) length : 1024);
      return; // the head is shown with the body (onSuccess)
    }
    super.onHeaders(response);
  }

  @Override
  public void onContent(Response response, Content.Chunk chunk, Runnable demander) {
    ByteArrayOutputStream b = buffer;
    if (b == null) {
      super.onContent(response, chunk, demander);
      return;
    }
    ByteBuffer bytes = chunk.getByteBuffer();
    int n = bytes.remaining();
    if (b.size() + n > max) {
      response.abort(tooLarge());
      return;
    }
    if (bytes.hasArray()) {
      b.write(bytes.array(), bytes.arrayOffset() + bytes.position(), n);
    } else {
      byte[] copy = new byte[n];
      bytes.duplicate().get(copy);
      b.write(copy, 0, n);
    }
    demander.run();
  }

  @Override
  public void onSuccess(Response response) {
    ByteArrayOutputStream b = buffer;
    if (b != null) {
      body = b.toByteArray();
      super.onHeaders(response); // wakes the waiting thread, which finds the body
    }
    super.onSuccess(response);
  }

  private HttpSupport.TooLarge tooLarge() {
    return new HttpSupport.TooLarge("an answer larger than " + max + " bytes");
  }
}
