package dev.mcpkit.server.cluster;

import java.util.Collection;
import java.util.Optional;

/**
 * Shares the 2025 sessions of several server instances (set with {@code HttpOptions.Builder#sessionCluster}), so
 * that any instance can serve any request of a session with no sticky routing. One per server instance: it names
 * the instance, and it delivers to one {@link Receiver}.
 *
 * <p>The server calls it to save a session's {@link SessionRecord} when {@code initialize} succeeds and when the
 * client changes it, to look up (and keep alive) a session on every request, and to delete it on {@code DELETE}.
 * Messages of a session that belong to no request go to the session's event log ({@link #publish}); the instance
 * holding the session's GET stream {@link #follow}s that log, so event ids come from the log and resumption with
 * {@code Last-Event-ID} works on any instance. Answers to server requests go to the instance that asked ({@link
 * #send}); cancellations of requests running elsewhere go to every instance ({@link #broadcast}).
 *
 * <p>Methods may block on the network; none is called while the server holds a lock.
 */
public interface SessionCluster extends AutoCloseable {

  /**
   * This instance's id: letters, digits, {@code _ . -}; it prefixes the ids of the requests this instance sends to
   * clients, so that an answer arriving anywhere names the instance that waits for it.
   */
  String instanceId();

  /** Starts delivering this instance's messages to {@code receiver} (once, when the server starts). */
  void start(Receiver receiver);

  /** Saves (or replaces) a session's record and starts its time to live. */
  void save(SessionRecord record);

  /** The session's record, refreshing its time to live; empty when it ended or expired. */
  Optional<SessionRecord> load(String sessionId);

  /** Refreshes the time to live of sessions this instance keeps busy (open streams, running requests). */
  void keepAlive(Collection<String> sessionIds);

  /** Ends a session everywhere: removes its record and its event log, and tells every instance ({@link Receiver#ended}). */
  void delete(String sessionId);

  /** This instance no longer keeps a copy of the session (it stays alive elsewhere). */
  void release(String sessionId);

  /**
   * Appends a message (a JSON-RPC message, as written) to the session's event log, bounded to its latest events.
   *
   * @return the event's id in the log
   */
  String publish(String sessionId, byte[] message);

  /**
   * Appends a change notification once per change: every instance holding a copy of the session hears of a change
   * (the cluster's change bus), and only the first append of {@code changeId} for this session counts.
   *
   * @param changeId the change's id ({@code ChangeHub.Listener}), or {@code null}: then as {@link #publish(String,
   *     byte[])}
   * @return the event's id in the log, or {@code null} when the change was appended already
   */
  String publish(String sessionId, byte[] message, String changeId);

  /**
   * Delivers the session's events after {@code afterEventId} to this instance's receiver ({@link Receiver#event}),
   * until {@link #unfollow}.
   *
   * @param afterEventId an id returned by {@link #publish} (or seen in an event), or {@code null} for "from now on"
   * @return the id followed from: {@code afterEventId}, or the log's latest id
   * @throws IllegalArgumentException when {@code afterEventId} is not an event id of this implementation
   */
  String follow(String sessionId, String afterEventId);

  /** Stops delivering the session's events to this instance. */
  void unfollow(String sessionId);

  /**
   * Delivers a message of a session to one instance ({@link Receiver#message} there).
   *
   * @return false when no instance of that name ever joined the cluster (the message is dropped)
   */
  boolean send(String instanceId, String sessionId, byte[] message);

  /** Delivers a message of a session to every other instance ({@link Receiver#message} there). */
  void broadcast(String sessionId, byte[] message);

  /** Stops delivering; closes nothing it was given. */
  @Override
  void close();

  /** What a cluster delivers to its instance. Called on the cluster's thread: implementations must not block. */
  interface Receiver {

    /** An event of a session this instance follows. */
    void event(String sessionId, String eventId, byte[] message);

    /** A message sent or broadcast to this instance for a session it holds a copy of. */
    void message(String sessionId, byte[] message);

    /** The session was deleted (on any instance). */
    void ended(String sessionId);
  }
}
