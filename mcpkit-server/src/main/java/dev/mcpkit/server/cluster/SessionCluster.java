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
 * {@code Last-Event-ID} works on any instance. Answers to server requests go to the instance that asked, while it
 * awaits them ({@link #awaiting}, {@link #answer}); cancellations of requests running elsewhere go to every instance
 * ({@link #broadcast}).
 *
 * <p>Methods may block on the network; none is called while the server holds a lock. When the shared store does not
 * answer, {@link #load} throws {@link java.io.UncheckedIOException}: the request is answered 503, retry later.
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

  /**
   * This instance now holds the session's GET stream: a GET stream of the session that another instance opened
   * before ends there ({@link Receiver#streamTaken}), so that no event goes to two streams. Default: nothing.
   */
  default void claim(String sessionId) {}

  /** Stops delivering the session's events to this instance. */
  void unfollow(String sessionId);

  /**
   * Delivers a message of a session to one instance ({@link Receiver#message} there).
   *
   * @return false when no instance of that name ever joined the cluster (the message is dropped)
   */
  boolean send(String instanceId, String sessionId, byte[] message);

  /**
   * As {@link #send}, telling also whether the instance died: its liveness lapsed, so nothing would read the message.
   * The default knows no deaths.
   */
  default Delivery deliver(String instanceId, String sessionId, byte[] message) {
    return send(instanceId, sessionId, message) ? Delivery.SENT : Delivery.UNKNOWN;
  }

  /**
   * This instance sent the session's client a request ({@code requestId}, the id's string) and waits for its answer,
   * until {@link #settled}: only while it waits does {@link #answer} deliver an answer posted to another instance.
   * Default: nothing.
   */
  default void awaiting(String sessionId, String requestId) {}

  /** The answer to {@code requestId} came, or nothing waits for it any more. Never throws. Default: nothing. */
  default void settled(String sessionId, String requestId) {}

  /**
   * Delivers a client's answer to the instance that sent the request, as {@link #deliver} does, only while that
   * instance is {@link #awaiting} it (which the answer ends): an answer to a request no instance waits for is {@code
   * UNKNOWN} as it is on one instance, whichever live instance its id names. Default: {@link #deliver}.
   *
   * @param requestId the answered request's id (its string), which names {@code instanceId}
   */
  default Delivery answer(String instanceId, String sessionId, String requestId, byte[] message) {
    return deliver(instanceId, sessionId, message);
  }

  /** The outcome of {@link #deliver} and {@link #answer}. */
  enum Delivery {
    /** Delivered to the instance's inbox. */
    SENT,
    /** No instance of that name ever joined the cluster, or (an answer) it waits for no such request: dropped. */
    UNKNOWN,
    /** The instance stopped (its liveness lapsed): dropped, nothing waits for it any more. */
    GONE
  }

  /** Delivers a message of a session to every other instance ({@link Receiver#message} there). */
  void broadcast(String sessionId, byte[] message);

  /**
   * The first number of this instance's request streams: stream numbers of one session must differ across instances,
   * so that {@code Last-Event-ID} of a request stream names one stream wherever it arrives. Default 0 (request
   * streams stay on their instance).
   */
  default long streamBase() {
    return 0;
  }

  /**
   * Shares a request stream running on this instance, so that it resumes on any instance ({@link #replay}); this
   * instance holds a lease on it until {@link RequestLog#finish}. Never blocks.
   *
   * @param requestId the JSON of the request's id
   * @return the stream's log, or {@code null} when request streams are not shared (default)
   */
  default RequestLog requestLog(String sessionId, long stream, String requestId) {
    return null;
  }

  /**
   * A request stream that ran or runs on another instance, to resume after {@code afterSeq}; {@code null} when the
   * cluster knows no such stream (default). May block on the network.
   */
  default Replay replay(String sessionId, long stream, long afterSeq) {
    return null;
  }

  /** The events of a request stream running here; calls never block (the cluster writes them in order, later). */
  interface RequestLog {

    /** An event of the stream, its sequence number as in its SSE id. */
    void event(long seq, byte[] message);

    /** The request completed (with its final event, or cancelled): gives up the lease. */
    void finish();
  }

  /** A request stream being resumed from the cluster: {@link #start} delivers to a sink until it ends or closes. */
  interface Replay {

    /** Starts delivering (on the cluster's own thread). */
    void start(ReplaySink sink);

    /** Stops delivering (the client went away). */
    void close();
  }

  /** Where a {@link Replay} delivers, in order; one call of {@link #end} or {@link #lost} ends it. */
  interface ReplaySink {

    /** An event; false when the connection closed (the replay stops). */
    boolean event(long seq, byte[] message);

    /** The request completed: everything was delivered. */
    void end();

    /**
     * The instance that ran the request stopped (its lease lapsed) before the request completed.
     *
     * @param requestId the JSON of the request's id, or {@code null} when unknown
     */
    void lost(String requestId);
  }

  /** Stops delivering; closes nothing it was given. */
  @Override
  void close();

  /** What a cluster delivers to its instance. Called on the cluster's thread: implementations must not block. */
  interface Receiver {

    /** An event of a session this instance follows. */
    void event(String sessionId, String eventId, byte[] message);

    /** A message sent or broadcast to this instance for a session it holds a copy of. */
    void message(String sessionId, byte[] message);

    /** Another instance opened the session's GET stream after this one did: this one's ends. */
    default void streamTaken(String sessionId) {}

    /** The session was deleted (on any instance). */
    void ended(String sessionId);
  }
}
