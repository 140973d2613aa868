package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.core.json.Json;
import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the UI polls: frames, HTTP exchanges, notifications, logs, progress, elicitations, each with a sequence number.
 * Bounded (the oldest events go first) so that a chatty server cannot fill the heap.
 */
final class EventLog {

  static final int MAX_EVENTS = 5000;

  private final Deque<ObjectNode> events = new ArrayDeque<>();
  private long next = 1;

  /** Adds an event of this kind; the caller fills the returned node (before the UI can read it: under the lock). */
  ObjectNode add(String kind, java.util.function.Consumer<ObjectNode> fill) {
    ObjectNode e = Json.object();
    e.put("kind", kind);
    e.put("time", System.currentTimeMillis());
    fill.accept(e);
    synchronized (events) { // no I/O under this lock
      e.put("seq", next++);
      events.addLast(e);
      while (events.size() > MAX_EVENTS) {
        events.removeFirst();
      }
    }
    return e;
  }

  /** The events after {@code seq}, oldest first. */
  ArrayNode since(long seq) {
    ArrayNode out = Json.array();
    synchronized (events) {
      for (ObjectNode e : events) {
        if (e.path("seq").asLong() > seq) {
          out.add(e);
        }
      }
    }
    return out;
  }
}
