package dev.mcpkit.client;

/**
 * An HTTP answer that carries no JSON-RPC message: an unexpected status or content type. The body
 * excerpt is shortened and stripped of control characters.
 */
public class McpHttpException extends McpProtocolException {

  /** The HTTP status. */
  private final int status;
  /** The response's content type, or {@code null}. */
  private final String contentType;
  /** The start of the body, shortened and escaped. */
  private final String bodyExcerpt;

  /** An answer with this status, content type and body excerpt (the caller shortens and escapes it). */
  public McpHttpException(String message, int status, String contentType, String bodyExcerpt) {
    super(message);
    this.status = status;
    this.contentType = contentType;
    this.bodyExcerpt = bodyExcerpt;
  }

  /** The HTTP status of the answer. */
  public int status() {
    return status;
  }

  /** The response's content type, or {@code null}. */
  public String contentType() {
    return contentType;
  }

  /** The start of the body, shortened, with control and invisible characters escaped ({@code PeerText.line}). */
  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
