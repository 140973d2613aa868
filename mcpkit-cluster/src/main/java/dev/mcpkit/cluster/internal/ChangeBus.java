package dev.mcpkit.cluster.internal;

import dev.mcpkit.server.ChangeHub;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.params.XAddParams;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * Carries list changes and resource updates between the instances of a cluster through one Redis Stream. Changes
 * published on this instance ({@link ChangeHub#relay}) are queued and appended (XADD, trimmed to a bounded length) by
 * a sender thread, so the thread that made the change never waits on Redis; one reader thread per instance follows
 * the stream (XREAD BLOCK) and delivers the other instances' entries to this instance's listeners only ({@link
 * ChangeHub#deliverLocally}), so nothing received is sent back out. A Stream rather than pub/sub: a reader that lost
 * its connection continues from the last entry it saw, so a Redis blip loses no change that Redis kept.
 *
 * <p>While Redis does not answer, both threads retry with a backoff (up to two seconds) and log once per outage;
 * changes made meanwhile wait in a bounded queue (the oldest dropped beyond it) and go out when Redis is back.
 */
public final class ChangeBus implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeBus.class);
  private static final int QUEUE = 1024;
  private static final long MAX_BACKOFF_MS = 2000;

  /** One change, as queued for sending. */
  private record Change(ChangeHub.Kind kind, String uri, String id) {}

  private final RedisClient redis;
  private final String key;
  private final String self;
  private final long maxLen;
  private final int blockMillis;
  private final BlockingQueue<Change> outbox = new ArrayBlockingQueue<>(QUEUE);
  private volatile ChangeHub hub;
  private volatile boolean running;
  private volatile boolean readerUp = true;
  private Thread reader;
  private Thread sender;
  private Runnable unrelay;

  /**
   * The Redis Stream that carries the changes.
   *
   * @param key the stream's key
   * @param maxLen how many entries the stream keeps (approximately: trimming is Redis' cheap kind)
   */
  public record Stream(String key, long maxLen) {}

  /**
   * @param self this instance's id, written as each entry's origin
   * @param block how long one XREAD waits for entries (also bounds how long {@link #close()} waits for the reader)
   */
  public ChangeBus(RedisClient redis, Stream stream, String self, Duration block) {
    this.redis = redis;
    this.key = stream.key();
    this.self = self;
    this.maxLen = stream.maxLen();
    this.blockMillis = (int) Math.max(1, block.toMillis());
  }

  /** Relays {@code hub}'s own changes to the other instances and delivers theirs to it. One hub per bus. */
  public synchronized void attach(ChangeHub hub) {
    if (this.hub != null) {
      throw new IllegalStateException("this cluster already carries the changes of another server");
    }
    this.hub = Objects.requireNonNull(hub);
    unrelay = hub.relay(new ChangeHub.Listener() {
      @Override
      public void changed(ChangeHub.Kind kind, String uri) {
        queue(kind, uri, null);
      }

      @Override
      public void changed(ChangeHub.Kind kind, String uri, String changeId) {
        queue(kind, uri, changeId);
      }
    });
  }

  /** Starts the reader (from the stream's current end) and the sender. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    reader = Thread.ofVirtual().name("mcpkit-cluster-changes-in").start(this::readLoop);
    sender = Thread.ofVirtual().name("mcpkit-cluster-changes-out").start(this::sendLoop);
  }

  private void queue(ChangeHub.Kind kind, String uri, String id) {
    if (kind == ChangeHub.Kind.CLOSING) {
      return; // a server's own shutdown ends its own streams only
    }
    Change c = new Change(kind, uri, id);
    while (!outbox.offer(c)) {
      if (outbox.poll() != null) {
        LOG.warn("dropped a queued change for the other instances: Redis has not answered for a while");
      }
    }
  }

  private void sendLoop() {
    long backoff = 50;
    Change next = null;
    boolean down = false;
    while (true) {
      try {
        if (next == null) {
          // once closing, what is queued still goes out (when Redis answers), then the loop ends
          next = running ? outbox.poll(blockMillis, TimeUnit.MILLISECONDS) : outbox.poll();
          if (next == null) {
            if (!running) {
              return;
            }
            continue;
          }
        }
        Map<String, String> fields = new HashMap<>();
        fields.put("o", self);
        fields.put("k", next.kind().name());
        if (next.uri() != null) {
          fields.put("u", next.uri());
        }
        if (next.id() != null) {
          fields.put("i", next.id()); // the same id on every instance: a shared session acts on it once
        }
        redis.xadd(key, XAddParams.xAddParams().maxLen(maxLen).approximateTrimming(), fields);
        next = null;
        backoff = 50;
        if (down) {
          down = false;
          LOG.info("sending changes to the other instances again");
        }
      } catch (InterruptedException e) {
        return; // closing
      } catch (RuntimeException e) {
        if (!running) {
          return; // closing with Redis down: what is left stays unsent
        }
        if (!down) {
          down = true;
          LOG.warn("cannot send a change to the other instances (retrying): {}", e.toString());
        }
        if (!sleep(backoff)) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  private void readLoop() {
    StreamEntryID last = null;
    long backoff = 50;
    while (running) {
      try {
        if (last == null) {
          last = end(); // "$", made concrete so that no entry between two reads is missed
        }
        List<Map.Entry<String, List<StreamEntry>>> got = redis.xread(
            XReadParams.xReadParams().block(blockMillis).count(256), Map.of(key, last));
        if (!readerUp) {
          readerUp = true;
          LOG.info("following the other instances' changes again");
        }
        backoff = 50;
        if (got == null) {
          continue;
        }
        for (Map.Entry<String, List<StreamEntry>> stream : got) {
          for (StreamEntry e : stream.getValue()) {
            last = e.getID();
            deliver(e.getFields());
          }
        }
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        if (readerUp) {
          readerUp = false;
          LOG.warn("cannot follow the other instances' changes (retrying): {}", e.toString());
        }
        if (!sleep(backoff)) {
          return;
        }
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }
  }

  /** The id of the stream's last entry, or 0-0 when it has none (then every entry is new). */
  private StreamEntryID end() {
    List<StreamEntry> lastOne = redis.xrevrange(key, "+", "-", 1);
    return lastOne == null || lastOne.isEmpty() ? new StreamEntryID(0, 0) : lastOne.getFirst().getID();
  }

  private void deliver(Map<String, String> fields) {
    ChangeHub h = hub;
    if (h == null || self.equals(fields.get("o"))) {
      return; // this instance's own change: its listeners were told when it was published
    }
    ChangeHub.Kind kind;
    try {
      kind = ChangeHub.Kind.valueOf(fields.getOrDefault("k", ""));
    } catch (IllegalArgumentException e) {
      LOG.debug("ignoring a change of an unknown kind from another instance");
      return;
    }
    String uri = fields.get("u");
    if (kind == ChangeHub.Kind.CLOSING || (kind == ChangeHub.Kind.RESOURCE_UPDATED && uri == null)) {
      return;
    }
    h.deliverLocally(kind, uri, fields.get("i"));
  }

  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops relaying, lets the sender try once more for what is queued, and stops both threads. The reader may take up
   * to one block period to notice.
   */
  @Override
  public void close() {
    Runnable u;
    Thread r;
    Thread s;
    synchronized (this) {
      u = unrelay;
      unrelay = null;
      running = false;
      r = reader;
      s = sender;
    }
    if (u != null) {
      u.run();
    }
    join(s, blockMillis * 2L);
    if (s != null) {
      s.interrupt();
    }
    join(r, blockMillis * 2L + 1000);
  }

  private static void join(Thread t, long millis) {
    if (t == null) {
      return;
    }
    try {
      t.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
