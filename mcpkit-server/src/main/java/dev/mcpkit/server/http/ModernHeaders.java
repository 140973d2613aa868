package dev.mcpkit.server.http;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.JsonRpcRequest;
import dev.mcpkit.core.jsonrpc.McpException;
import dev.mcpkit.core.protocol.McpHeaders;
import dev.mcpkit.core.protocol.MetaKeys;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import tools.jackson.databind.JsonNode;

/**
 * 2026-07-28 header validation: {@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code
 * Mcp-Name} and the tool's {@code Mcp-Param-*} headers must be present where required and match
 * the body, so that intermediaries routing on headers and the server acting on the body agree.
 * A mismatch is {@code -32020} with HTTP 400.
 */
final class ModernHeaders {

  private final McpServer server;

  ModernHeaders(McpServer server) {
    this.server = server;
  }

  /** The mismatch, or {@code null} when the headers agree with the body. */
  McpException validate(Request request, JsonRpcRequest r) {
    var headers = request.getHeaders();
    String version = headers.get(McpHeaders.PROTOCOL_VERSION);
    if (version == null) {
      return mismatch("missing " + McpHeaders.PROTOCOL_VERSION + " header");
    }
    JsonNode meta = r.params() == null ? null : r.params().get("_meta");
    if (meta == null || !meta.path(MetaKeys.PROTOCOL_VERSION).isString() || !meta.path(MetaKeys.CLIENT_CAPABILITIES).isObject()) {
      return null; // incomplete _meta: the dispatcher answers -32602, which comes first
    }
    String metaVersion = meta.get(MetaKeys.PROTOCOL_VERSION).asString();
    if (!version.equals(metaVersion)) {
      return differs(McpHeaders.PROTOCOL_VERSION, version, metaVersion);
    }
    String method = headers.get(McpHeaders.METHOD);
    if (method == null) {
      return mismatch("missing " + McpHeaders.METHOD + " header");
    }
    if (!method.equals(r.method())) {
      return differs(McpHeaders.METHOD, method, r.method());
    }
    Optional<String> bodyName = McpHeaders.nameOf(r.method(), r.params());
    String nameHeader = headers.get(McpHeaders.NAME);
    if (bodyName.isPresent()) {
      if (nameHeader == null) {
        return mismatch("missing " + McpHeaders.NAME + " header");
      }
      String decoded;
      try {
        decoded = McpHeaders.decode(nameHeader);
      } catch (IllegalArgumentException e) {
        return mismatch(McpHeaders.NAME + " header is invalid: " + e.getMessage());
      }
      if (!decoded.equals(bodyName.get())) {
        return differs(McpHeaders.NAME, decoded, bodyName.get());
      }
    }
    if (r.method().equals(Methods.TOOLS_CALL) && bodyName.isPresent()) {
      ServerTool tool = server.tool(bodyName.get());
      if (tool != null) {
        return params(request, tool, r.params().get("arguments"));
      }
    }
    return null;
  }

  private static McpException params(Request request, ServerTool tool, JsonNode arguments) {
    for (McpHeaders.HeaderParam p : tool.headerParams()) {
      String header = request.getHeaders().get(p.headerName());
      Optional<JsonNode> value = p.valueIn(arguments);
      if (value.isEmpty()) {
        if (header != null) {
          return mismatch(p.headerName() + " header is present but the argument '" + String.join(".", p.path())
              + "' is not in the body");
        }
        continue;
      }
      if (header == null) {
        return mismatch("missing " + p.headerName() + " header for argument '" + String.join(".", p.path()) + "'");
      }
      String decoded;
      try {
        decoded = McpHeaders.decode(header);
      } catch (IllegalArgumentException e) {
        return mismatch(p.headerName() + " header is invalid: " + e.getMessage());
      }
      if (!McpHeaders.matches(decoded, value.get())) {
        // the body value in its header form (a string without JSON quotes, a number, true/false), like the header
        return differs(p.headerName(), decoded, McpHeaders.valueOf(value.get()).orElse(value.get().toString()));
      }
    }
    return null;
  }

  /** A header whose value differs from the body's: both values quoted the same way. */
  private static McpException differs(String header, String headerValue, String bodyValue) {
    return mismatch(header + " header value '" + OriginPolicy.printable(headerValue) + "' does not match body value '"
        + OriginPolicy.printable(bodyValue) + "'");
  }

  private static McpException mismatch(String detail) {
    return new McpException(ErrorCodes.HEADER_MISMATCH, "Header mismatch: " + detail);
  }
}
