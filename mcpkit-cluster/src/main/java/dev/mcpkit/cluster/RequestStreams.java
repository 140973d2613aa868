package dev.mcpkit.cluster;

import dev.mcpkit.server.cluster.SessionCluster;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The request streams of shared sessions, in Redis, so that a client resumes one on any instance: each event is
 * appended to the stream's log ({@code req:<h>:<n>}, entry id {@code 0-<seq>}, the request's id alongside), and the
 * instance running the request holds a lease on it ({@code run:<h>:<n>}, its instance id with a time to live),
 * renewed every third of the lease's time to live and deleted, with an end entry appended, in one step when the
 * request completes. An instance's liveness ({@code alive:<instance>}) is renewed the same way: answers routed to an
 * instance whose key lapsed are refused.
 *
 * <p>One writer per instance (a virtual thread) sends the appends in order from a bounded queue, so that the thread
 * writing a request's stream never waits on Redis. A resumption elsewhere is fed by the instance's one reader ({@link
 * SessionStreamReader}, the same blocking XREAD as its inbox): events after the client's last one, then live ones.
 * The writer checks the leases of the resumed streams at each renewal: when one lapsed before the end entry, the
 * request's instance died and the stream ends with an error.
 */
final class RequestStreams {

  private static final Logger LOG = LoggerFactory.getLogger(RequestStreams.class);
  private static final int QUEUE = 10_000;
  /** XADD of one event (explicit id {@code 0-<seq>}), the log's time to live, the lease (re)set. */
  private static final String APPEND = "redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], ARGV[2], 'm', ARGV[3], "
      + "'r', ARGV[4]) redis.call('PEXPIRE', KEYS[1], ARGV[5]) "
      + "redis.call('SET', KEYS[2], ARGV[6], 'PX', ARGV[7]) return 1";
  /** The end entry and the lease's release in one step: whoever sees no lease sees the end, or a death. */
  private static final String END = "redis.call('XADD', KEYS[1], '*', 'e', '1', 'r', ARGV[1]) "
      + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) redis.call('DEL', KEYS[2]) return 1";

  private final RedisSessions owner;
  private final long leaseMs;
  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>(QUEUE);
  private final Set<String> leases = ConcurrentHashMap.newKeySet(); // the lease keys of requests running here
  /** The request streams resumed here, by log key (a client may resume one stream more than once). */
  private final Map<String, Set<Resumption>> resumed = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile boolean failing;
  private Thread writer;

  RequestStreams(RedisSessions owner, long leaseMs) {
    this.owner = owner;
    this.leaseMs = leaseMs;
  }

  synchronized void start() {
    running = true;
    beat(); // alive before the first answer may name this instance
    writer = Thread.ofVirtual().name("mcpkit-cluster-writer").start(this::loop);
  }

  /** Stops the writer after what is queued (a clean stop) and gives up this instance's liveness at once. */
  void stop() {
    running = false;
    Thread w = writer;
    if (w != null) {
      try {
        w.join(Math.max(1000, owner.block().toMillis() * 2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      owner.jedis().del(owner.aliveKey(owner.instanceId()));
    } catch (JedisException e) {
      // the key lapses by itself
    }
  }

  /** Stops everything at once, releasing nothing (tests: a kill -9). */
  void halt() {
    running = false;
    queue.clear();
    Thread w = writer;
    if (w != null) {
      w.interrupt();
    }
  }

  SessionCluster.RequestLog log(String h, long n, String requestId) {
    String log = owner.requestKey(h, n);
    String lease = owner.leaseKey(h, n);
    leases.add(lease);
    return new SessionCluster.RequestLog() {
      @Override
      public void event(long seq, byte[] message) {
        String m = new String(message, StandardCharsets.UTF_8);
        offer(() -> owner.jedis().eval(APPEND, List.of(log, lease), List.of(Long.toString(owner.maxEvents()),
            "0-" + seq, m, requestId, Long.toString(owner.ttlMs()), owner.instanceId(), Long.toString(leaseMs))));
      }

      @Override
      public void finish() {
        leases.remove(lease);
        offer(() -> owner.jedis().eval(END, List.of(log, lease), List.of(requestId, Long.toString(owner.ttlMs()))));
      }
    };
  }

  private void offer(Runnable op) {
    if (!queue.offer(op)) {
      LOG.warn("cluster writer: queue full, a request stream event is dropped (Redis too slow or down)");
    }
  }

  private void loop() {
    long every = Math.max(100, leaseMs / 3); // two beats may fail before a lease lapses
    long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(every);
    while (running || !queue.isEmpty()) {
      try {
        Runnable op = queue.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())),
            TimeUnit.MILLISECONDS);
        if (op != null) {
          op.run();
          failing = false;
        }
      } catch (InterruptedException e) {
        return; // halted
      } catch (JedisException e) {
        if (!failing) {
          LOG.warn("cluster writer: Redis write failed ({}); request stream events are lost meanwhile",
              e.getClass().getSimpleName());
        }
        failing = true;
      }
      if (running && System.nanoTime() - next >= 0) {
        beat();
        next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(every);
      }
    }
  }

  private void beat() {
    try {
      owner.jedis().set(owner.aliveKey(owner.instanceId()), "1", SetParams.setParams().px(leaseMs));
      // the inbox outlives the instance by a session's time to live (answers to it meanwhile are told it is gone),
      // then goes: instance names change with every start, and an inbox kept for ever each time is a leak
      owner.jedis().pexpire(owner.inboxKey(owner.instanceId()), owner.ttlMs() + leaseMs);
      for (String lease : leases) {
        owner.jedis().pexpire(lease, leaseMs);
      }
      for (Set<Resumption> rs : resumed.values()) {
        rs.forEach(Resumption::checkLease);
      }
    } catch (JedisException e) {
      // retried at the next beat; the reader logs the outage
    }
  }

  /** A resumption of a request stream from its log, or {@code null} when there is no such log. */
  SessionCluster.Replay replay(String h, long n, long afterSeq) {
    String log = owner.requestKey(h, n);
    if (!owner.call(j -> j.exists(log))) {
      return null;
    }
    // a negative sequence (a Last-Event-ID such as "5--1") asks for everything, as it does on the request's instance
    Resumption r = new Resumption(log, owner.leaseKey(h, n), new StreamEntryID(0, Math.max(0, afterSeq)));
    return new SessionCluster.Replay() {
      @Override
      public void start(SessionCluster.ReplaySink sink) {
        if (r.start(sink)) {
          owner.wakeReader(); // its next read includes this log
        }
      }

      @Override
      public void close() {
        r.stop();
      }
    };
  }

  /**
   * Where the instance's one reader reads the logs of the resumptions held here: each log from the earliest position
   * a resumption of it is at. Resumptions share that one blocking read, so that a client holding many open costs
   * Redis connections nothing more (a blocking read of their own each would empty the pool, and every other command
   * of this instance would wait for a connection).
   */
  Map<String, StreamEntryID> resumedLogs() {
    Map<String, StreamEntryID> from = new HashMap<>();
    resumed.forEach((log, rs) -> rs.forEach(r ->
        from.merge(log, r.position(), (a, b) -> a.compareTo(b) <= 0 ? a : b)));
    return from;
  }

  /** Whether {@code key} is a log that resumptions here read ({@link #delivered} takes its entries). */
  boolean isResumed(String key) {
    return resumed.containsKey(key);
  }

  /** Entries the reader read from a resumed log, in order: each resumption of it takes those past its position. */
  void delivered(String key, List<StreamEntry> entries) {
    Set<Resumption> rs = resumed.get(key);
    if (rs != null) {
      rs.forEach(r -> r.entries(entries));
    }
  }

  /** A client's resumption of a request stream held on this instance, fed by the reader and checked by the writer. */
  private final class Resumption {
    final String log;
    final String lease;
    private StreamEntryID pos; // guarded by this: the last entry delivered (or the client's Last-Event-ID)
    private String requestId;
    private boolean done;
    private SessionCluster.ReplaySink sink; // guarded by this; set before it joins the logs read

    Resumption(String log, String lease, StreamEntryID after) {
      this.log = log;
      this.lease = lease;
      this.pos = after;
    }

    /** Joins the logs the reader reads; false when the client went away already (closed before it started). */
    synchronized boolean start(SessionCluster.ReplaySink sink) {
      if (done) {
        return false;
      }
      this.sink = sink;
      resumed.compute(log, (k, rs) -> { // in the map's lock: a set emptied meanwhile is not reused
        Set<Resumption> s = rs != null ? rs : ConcurrentHashMap.newKeySet();
        s.add(this);
        return s;
      });
      return true;
    }

    synchronized StreamEntryID position() {
      return pos;
    }

    synchronized void stop() {
      done = true;
      resumed.computeIfPresent(log, (k, rs) -> {
        rs.remove(this);
        return rs.isEmpty() ? null : rs;
      });
    }

    /** Delivers the entries after this resumption's position; the end entry ends it. */
    synchronized void entries(List<StreamEntry> entries) {
      for (StreamEntry e : entries) {
        if (done) {
          return;
        }
        if (e.getID().compareTo(pos) <= 0) {
          continue; // read for another resumption of the same log, further behind
        }
        pos = e.getID();
        if (e.getFields().containsKey("e")) {
          stop();
          sink.end();
          return;
        }
        requestId = e.getFields().get("r");
        if (!sink.event(e.getID().getSequence(), bytes(e))) {
          stop();
        }
      }
    }

    /**
     * No lease: the request ended (its end entry was written with the release) or its instance died. Whatever of the
     * log is past this position is delivered now; without an end entry the client gets the request's error.
     */
    synchronized void checkLease() {
      if (done || owner.jedis().exists(lease)) {
        return;
      }
      List<StreamEntry> rest = owner.jedis().xrange(log, "(" + pos, "+");
      entries(rest);
      if (!done) {
        stop();
        sink.lost(requestId != null ? requestId : lastRequestId(log));
      }
    }
  }

  private String lastRequestId(String log) {
    List<StreamEntry> last = owner.jedis().xrevrange(log, "+", "-", 1);
    return last.isEmpty() ? null : last.get(0).getFields().get("r");
  }

  private static byte[] bytes(StreamEntry e) {
    String m = e.getFields().get("m");
    return m == null ? new byte[0] : m.getBytes(StandardCharsets.UTF_8);
  }
}
