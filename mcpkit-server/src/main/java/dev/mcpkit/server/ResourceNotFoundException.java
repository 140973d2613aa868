package dev.mcpkit.server;

/**
 * Thrown when a resource does not exist; answered with the code of the negotiated revision
 * (-32002 up to 2025-11-25, -32602 from 2026-07-28) and the URI in {@code data}.
 */
public class ResourceNotFoundException extends RuntimeException {

  /** The URI that names nothing. */
  private final String uri;

  /** Not found: {@code uri}, which the error's message and {@code data} carry. */
  public ResourceNotFoundException(String uri) {
    super("Resource not found: " + uri, null, false, false);
    this.uri = uri;
  }

  /** The URI that names nothing. */
  public String uri() {
    return uri;
  }
}
