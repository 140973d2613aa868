package dev.mcpkit.client;

/**
 * An HTTP answer that carries no JSON-RPC message: an unexpected status or content type. The body
 * excerpt is shortened and stripped of control characters.
 */
public class McpHttpException extends McpProtocolException {

  private final int status;
  private final String contentType;
  private final String bodyExcerpt;

  public McpHttpException(String message, int status, String contentType, String bodyExcerpt) {
    super(message);
    this.status = status;
    this.contentType = contentType;
    this.bodyExcerpt = bodyExcerpt;
  }

  public int status() {
    return status;
  }

  /** The response's content type, or {@code null}. */
  public String contentType() {
    return contentType;
  }

  public String bodyExcerpt() {
    return bodyExcerpt;
  }
}
