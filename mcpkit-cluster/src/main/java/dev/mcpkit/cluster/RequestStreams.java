package dev.mcpkit.cluster;

import dev.mcpkit.server.cluster.SessionCluster;
import java.nio.charset.StandardCharsets;
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
import redis.clients.jedis.params.XReadParams;
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
 * writing a request's stream never waits on Redis. A resumption elsewhere reads the log with XREAD BLOCK on its own
 * virtual thread (one pooled connection while it blocks): events after the client's last one, then live ones; when
 * the lease lapsed before the end entry, the request's instance died and the stream ends with an error.
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
      for (String lease : leases) {
        owner.jedis().pexpire(lease, leaseMs);
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
    String lease = owner.leaseKey(h, n);
    return new SessionCluster.Replay() {
      private volatile boolean closed;

      @Override
      public void start(SessionCluster.ReplaySink sink) {
        Thread.ofVirtual().name("mcpkit-cluster-replay").start(() -> run(log, lease, afterSeq, sink, () -> closed));
      }

      @Override
      public void close() {
        closed = true;
      }
    };
  }

  private void run(String log, String lease, long afterSeq, SessionCluster.ReplaySink sink,
      java.util.function.BooleanSupplier closed) {
    String pos = "0-" + afterSeq;
    String requestId = null;
    long backoff = 100;
    while (!closed.getAsBoolean()) {
      List<StreamEntry> entries;
      try {
        List<Map.Entry<String, List<StreamEntry>>> got = owner.jedis().xread(XReadParams.xReadParams()
            .block((int) owner.block().toMillis()).count(100), Map.of(log, new StreamEntryID(pos)));
        entries = got == null || got.isEmpty() ? List.of() : got.get(0).getValue();
        if (entries.isEmpty() && !owner.jedis().exists(lease)) {
          // no lease: the request ended (its end entry was written with the release) or its instance died
          entries = owner.jedis().xrange(log, "(" + pos, "+");
          if (entries.stream().noneMatch(e -> e.getFields().containsKey("e"))) {
            for (StreamEntry e : entries) {
              if (!sink.event(e.getID().getSequence(), bytes(e))) {
                return;
              }
              requestId = e.getFields().get("r");
            }
            sink.lost(requestId != null ? requestId : lastRequestId(log));
            return;
          }
        }
        backoff = 100;
      } catch (JedisException e) {
        sleep(backoff); // Redis away: the client's stream waits (with heartbeats) until it is back or closes
        backoff = Math.min(backoff * 2, 2000);
        continue;
      }
      for (StreamEntry e : entries) {
        pos = e.getID().toString();
        if (e.getFields().containsKey("e")) {
          sink.end();
          return;
        }
        requestId = e.getFields().get("r");
        if (!sink.event(e.getID().getSequence(), bytes(e))) {
          return;
        }
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

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
