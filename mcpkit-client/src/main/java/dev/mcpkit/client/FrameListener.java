package dev.mcpkit.client;

/** Sees every JSON-RPC message the client sends and receives (the CLI's {@code --verbose}). */
@FunctionalInterface
public interface FrameListener {

  /** The direction of a frame. */
  enum Direction {
    /** From the client to the server. */
    SENT,
    /** From the server to the client. */
    RECEIVED
  }

  /** Called for each message, with its compact JSON text. Must not block. */
  void frame(Direction direction, String json);
}
