package dev.mcpkit.core.jsonrpc;

/** JSON-RPC 2.0 and MCP error codes. */
public final class ErrorCodes {

  /** JSON-RPC: the message is not valid JSON. */
  public static final int PARSE_ERROR = -32700;
  /** JSON-RPC: the JSON is not a valid request object. */
  public static final int INVALID_REQUEST = -32600;
  /** JSON-RPC: the method does not exist or is not offered. */
  public static final int METHOD_NOT_FOUND = -32601;
  /** JSON-RPC: invalid method parameters. */
  public static final int INVALID_PARAMS = -32602;
  /**
   * JSON-RPC: an internal error; for an unexpected exception mcpkit sends it with a generic message (the detail is
   * logged).
   */
  public static final int INTERNAL_ERROR = -32603;

  /** Resource not found in revisions up to 2025-11-25; 2026-07-28 uses {@link #INVALID_PARAMS}. */
  public static final int LEGACY_RESOURCE_NOT_FOUND = -32002;
  /** URL elicitation required (2025-11-25 only). */
  public static final int URL_ELICITATION_REQUIRED = -32042;

  /** 2026-07-28: HTTP headers do not match the body, or a required header is missing. */
  public static final int HEADER_MISMATCH = -32020;
  /** 2026-07-28: the request needs a client capability that the request did not declare. */
  public static final int MISSING_REQUIRED_CLIENT_CAPABILITY = -32021;
  /** 2026-07-28: the requested protocol version is not supported. */
  public static final int UNSUPPORTED_PROTOCOL_VERSION = -32022;

  private ErrorCodes() {}
}
