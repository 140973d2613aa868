package dev.mcpkit.core.jsonrpc;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import dev.mcpkit.core.json.NumberOutOfRangeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JacksonSerializable;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes JSON-RPC 2.0 messages. Reading never throws anything but {@link McpException}
 * with a JSON-RPC code and a message that names what is wrong, so transports can answer every bad
 * input with a clear error.
 */
public final class JsonRpcCodec {

  private JsonRpcCodec() {}

  /** A parsed body: either one message or a batch of raw entries (validated one by one later). */
  public sealed interface Parsed {}

  /** A body that held one JSON object. */
  public record Single(JsonNode node) implements Parsed {}

  /** A body that held a JSON array (a batch). */
  public record Batch(List<JsonNode> entries) implements Parsed {}

  /**
   * Parses a body into JSON.
   *
   * @throws McpException {@link ErrorCodes#PARSE_ERROR} for malformed JSON (a duplicate key
   *     included) or an empty body; {@link ErrorCodes#INVALID_PARAMS} for a number out of range
   *     in {@code params} ({@link ErrorCodes#INVALID_REQUEST} elsewhere), naming where it is;
   *     {@link ErrorCodes#INVALID_REQUEST} for an empty batch or a JSON value that is not an
   *     object or array
   */
  public static Parsed parse(byte[] body) {
    JsonNode node;
    try {
      node = Json.parse(body);
    } catch (NumberOutOfRangeException e) {
      // Well-formed JSON with a value no handler may receive: refuse it as the field it is in.
      boolean inParams = e.pointer().matches("(/\\d+)?/params(/.*)?");
      throw new McpException(inParams ? ErrorCodes.INVALID_PARAMS : ErrorCodes.INVALID_REQUEST,
          (inParams ? "Invalid params: " : "Invalid request: ") + e.getOriginalMessage());
    } catch (JacksonException e) {
      throw new McpException(ErrorCodes.PARSE_ERROR, "Parse error: " + describe(e));
    }
    if (node == null || node.isMissingNode()) {
      throw new McpException(ErrorCodes.PARSE_ERROR, "Parse error: empty body");
    }
    if (node.isArray()) {
      if (node.isEmpty()) {
        throw McpException.invalidRequest("Invalid request: empty batch");
      }
      List<JsonNode> entries = new ArrayList<>(node.size());
      node.forEach(entries::add);
      return new Batch(entries);
    }
    if (!node.isObject()) {
      throw McpException.invalidRequest("Invalid request: expected a JSON object");
    }
    return new Single(node);
  }

  /** Parses a body that must hold exactly one message. */
  public static JsonRpcMessage readOne(byte[] body) {
    return switch (parse(body)) {
      case Single s -> read(s.node());
      case Batch b -> throw McpException.invalidRequest("Invalid request: batches are not supported");
    };
  }

  /**
   * Validates and converts one JSON value into a message.
   *
   * @throws McpException {@link ErrorCodes#INVALID_REQUEST} naming the offending member
   */
  public static JsonRpcMessage read(JsonNode node) {
    if (!(node instanceof ObjectNode obj)) {
      throw McpException.invalidRequest("Invalid request: expected a JSON object");
    }
    JsonNode version = obj.get("jsonrpc");
    if (version == null || !version.isString() || !"2.0".equals(version.asString())) {
      throw McpException.invalidRequest("Invalid request: \"jsonrpc\" must be \"2.0\"");
    }
    JsonNode method = obj.get("method");
    JsonNode idNode = obj.get("id");
    if (method != null) {
      if (!method.isString() || method.asString().isEmpty()) {
        throw McpException.invalidRequest("Invalid request: \"method\" must be a non-empty string");
      }
      JsonNode params = obj.get("params");
      if (params != null && !params.isNull() && !params.isObject()) {
        throw McpException.invalidRequest("Invalid request: \"params\" must be an object");
      }
      ObjectNode p = params instanceof ObjectNode o ? o : null;
      if (idNode == null) {
        return new JsonRpcNotification(method.asString(), p);
      }
      return new JsonRpcRequest(readId(idNode), method.asString(), p);
    }
    JsonNode result = obj.get("result");
    JsonNode error = obj.get("error");
    if (result != null && error == null) {
      if (idNode == null) {
        throw McpException.invalidRequest("Invalid request: a response needs an \"id\"");
      }
      return new JsonRpcResult(readId(idNode), result);
    }
    if (error != null && result == null) {
      RequestId id = idNode == null || idNode.isNull() ? null : readId(idNode);
      // JSON-RPC error codes are 32-bit integers; a larger one is malformed, not a reason to fail.
      JsonNode code = error.path("code");
      if (!error.isObject() || !code.isIntegralNumber() || !code.canConvertToInt() || !error.path("message").isString()) {
        throw McpException.invalidRequest("Invalid request: \"error\" needs an integer \"code\" (32-bit) and a string \"message\"");
      }
      JsonNode data = error.get("data");
      return new JsonRpcErrorResponse(id,
          new JsonRpcError(code.intValue(), error.get("message").asString(), data));
    }
    throw McpException.invalidRequest("Invalid request: expected \"method\", \"result\" or \"error\"");
  }

  private static RequestId readId(JsonNode idNode) {
    try {
      return RequestId.from(idNode);
    } catch (IllegalArgumentException e) {
      throw McpException.invalidRequest("Invalid request: \"id\" must be a string or an integer");
    }
  }

  /** The JSON form of a message. */
  public static ObjectNode toJson(JsonRpcMessage message) {
    ObjectNode o = Json.object();
    o.put("jsonrpc", "2.0");
    switch (message) {
      case JsonRpcRequest r -> {
        o.set("id", r.id().json());
        o.put("method", r.method());
        if (r.params() != null) {
          o.set("params", r.params());
        }
      }
      case JsonRpcNotification n -> {
        o.put("method", n.method());
        if (n.params() != null) {
          o.set("params", n.params());
        }
      }
      case JsonRpcResult r -> {
        o.set("id", r.id().json());
        o.set("result", r.result());
      }
      case JsonRpcErrorResponse e -> {
        // JSON-RPC requires "id": null when the request's id could not be read.
        o.set("id", e.id() == null ? o.nullNode() : e.id().json());
        ObjectNode err = o.putObject("error");
        err.put("code", e.error().code());
        err.put("message", e.error().message());
        if (e.error().data() != null) {
          err.set("data", e.error().data());
        }
      }
    }
    return o;
  }

  /**
   * Writes a message as UTF-8 JSON bytes, with {@code "jsonrpc": "2.0"}; absent {@code params} and {@code data} are
   * left out.
   */
  public static byte[] write(JsonRpcMessage message) {
    return Json.writeBytes(new Envelope(message));
  }

  /** Writes a message as a JSON string; see {@link #write}. */
  public static String writeString(JsonRpcMessage message) {
    return Json.write(new Envelope(message));
  }

  /**
   * A message written member by member by the shared mapper's generator, the same bytes as {@link #toJson}'s tree
   * (JsonRpcCodecTest compares the two), without building that tree for every message written: every answer and
   * notification passes here.
   */
  private record Envelope(JsonRpcMessage message) implements JacksonSerializable {

    @Override
    public void serialize(JsonGenerator g, SerializationContext ctxt) {
      g.writeStartObject();
      g.writeStringProperty("jsonrpc", "2.0");
      switch (message) {
        case JsonRpcRequest r -> {
          member(g, ctxt, "id", r.id().json());
          g.writeStringProperty("method", r.method());
          member(g, ctxt, "params", r.params());
        }
        case JsonRpcNotification n -> {
          g.writeStringProperty("method", n.method());
          member(g, ctxt, "params", n.params());
        }
        case JsonRpcResult r -> {
          member(g, ctxt, "id", r.id().json());
          member(g, ctxt, "result", r.result()); // never null (JsonRpcResult)
        }
        case JsonRpcErrorResponse e -> {
          if (e.id() == null) {
            g.writeNullProperty("id"); // JSON-RPC requires "id": null when the request's id could not be read
          } else {
            member(g, ctxt, "id", e.id().json());
          }
          g.writeName("error");
          g.writeStartObject();
          g.writeNumberProperty("code", e.error().code());
          g.writeStringProperty("message", e.error().message());
          member(g, ctxt, "data", e.error().data());
          g.writeEndObject();
        }
      }
      g.writeEndObject();
    }

    @Override
    public void serializeWithType(JsonGenerator g, SerializationContext ctxt, TypeSerializer typeSer) {
      serialize(g, ctxt);
    }

    /** A member, left out when absent (as toJson leaves out absent params and data). */
    private static void member(JsonGenerator g, SerializationContext ctxt, String name, JsonNode value) {
      if (value != null) {
        g.writeName(name);
        value.serialize(g, ctxt);
      }
    }
  }

  /** Builds a request from a method and a params value (record, map or node). */
  public static JsonRpcRequest request(RequestId id, String method, Object params) {
    return new JsonRpcRequest(id, method, params == null ? null : (ObjectNode) Json.tree(params));
  }

  /** Builds a notification from a method and a params value (record, map or node). */
  public static JsonRpcNotification notification(String method, Object params) {
    return new JsonRpcNotification(method, params == null ? null : (ObjectNode) Json.tree(params));
  }

  /** A short description of a parse failure in the document's terms (see {@link JsonErrors}). */
  static String describe(JacksonException e) {
    return JsonErrors.describe(e);
  }

  /** Converts a map of extra members to JSON (convenience for error data). */
  public static ObjectNode data(Map<String, ?> members) {
    return (ObjectNode) Json.tree(members);
  }
}
