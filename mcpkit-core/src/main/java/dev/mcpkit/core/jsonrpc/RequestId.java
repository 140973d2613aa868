package dev.mcpkit.core.jsonrpc;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * A JSON-RPC request id: a string or an integer, kept with its JSON type so that a response (or a
 * progress token) echoes exactly what the peer sent.
 */
public final class RequestId {

  private final JsonNode value;

  private RequestId(JsonNode value) {
    this.value = value;
  }

  /** An integer id. */
  public static RequestId of(long id) {
    return new RequestId(JsonNodeFactory.instance.numberNode(id));
  }

  /** A string id. */
  public static RequestId of(String id) {
    return new RequestId(JsonNodeFactory.instance.stringNode(Objects.requireNonNull(id)));
  }

  /**
   * Reads an id from JSON; only strings and integral numbers are ids.
   *
   * @throws IllegalArgumentException for null, fractional numbers, objects, arrays or booleans
   */
  @JsonCreator
  public static RequestId from(JsonNode node) {
    if (node == null || !(node.isString() || node.isIntegralNumber())) {
      throw new IllegalArgumentException("a request id must be a string or an integer");
    }
    // Normalise integers (1 parsed as int, 1 created as long) so equal ids compare equal.
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return new RequestId(JsonNodeFactory.instance.numberNode(node.longValue()));
    }
    return new RequestId(node);
  }

  /** The id as JSON, exactly as written on the wire. */
  @JsonValue
  public JsonNode json() {
    return value;
  }

  /** Whether the id is a string (else an integer). */
  public boolean isString() {
    return value.isString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RequestId other && value.equals(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  /** The id as it appears on the wire, e.g. {@code 7} or {@code "abc"}. */
  @Override
  public String toString() {
    return value.toString();
  }
}
