package dev.mcpkit.cluster;

import dev.mcpkit.server.cluster.SessionCluster;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The one reader of an instance: a virtual thread blocking in XREAD on the instance's inbox, the control stream,
 * the event logs of the GET streams it holds and the logs of the request streams resumed here ({@link
 * RequestStreams}), handing what arrives to the server's {@link SessionCluster.Receiver}. A log it starts following
 * wakes it (a message to its own inbox), so that the blocking read includes it.
 */
final class SessionStreamReader {

  private static final Logger LOG = LoggerFactory.getLogger(SessionStreamReader.class);

  private final RedisSessions owner;
  /** Session hash to session id, for the sessions this instance holds a copy of (messages name the hash only). */
  private final Map<String, String> known = new ConcurrentHashMap<>();
  /** Session hash to the id of the last event delivered from its log, for the logs followed. */
  private final Map<String, String> followed = new ConcurrentHashMap<>();
  /** Session hash to the control entry of this instance's latest claim of its GET stream. */
  private final Map<String, StreamEntryID> claims = new ConcurrentHashMap<>();
  private volatile boolean running;
  private volatile SessionCluster.Receiver receiver;
  private Thread thread;

  SessionStreamReader(RedisSessions owner) {
    this.owner = owner;
  }

  synchronized void start(SessionCluster.Receiver r) {
    if (thread != null) {
      throw new IllegalStateException("already started: one RedisSessions per server instance");
    }
    receiver = r;
    running = true;
    // From the current ends: what was sent before this instance started is not for it.
    String inbox = last(owner.inboxKey(owner.instanceId()));
    String control = last(owner.controlKey());
    owner.wake(); // creates the inbox: answers are sent only into inboxes that exist (RedisSessions#send)
    thread = Thread.ofVirtual().name("mcpkit-cluster-reader").start(() -> loop(inbox, control));
  }

  void stop() {
    running = false;
    try {
      owner.wake();
    } catch (JedisException e) {
      // Redis is gone: the reader stops at its next failed read
    }
  }

  void known(String hash, String sessionId) {
    known.put(hash, sessionId);
  }

  void forget(String hash) {
    known.remove(hash);
    followed.remove(hash);
    claims.remove(hash);
  }

  void claimed(String hash, StreamEntryID id) {
    claims.merge(hash, id, (a, b) -> a.compareTo(b) >= 0 ? a : b);
  }

  void follow(String hash, String sessionId, String from) {
    known.put(hash, sessionId);
    followed.put(hash, from);
    owner.wake();
  }

  void unfollow(String hash) {
    followed.remove(hash);
    claims.remove(hash);
  }

  private String last(String key) {
    List<StreamEntry> e = owner.jedis().xrevrange(key, "+", "-", 1);
    return e.isEmpty() ? "0-0" : e.get(0).getID().toString();
  }

  private void loop(String inboxFrom, String controlFrom) {
    String inboxKey = owner.inboxKey(owner.instanceId());
    String controlKey = owner.controlKey();
    String inbox = inboxFrom;
    String control = controlFrom;
    long backoff = 100;
    while (running) {
      Map<String, String> logs = new HashMap<>(followed); // hash -> the position this read starts from
      List<Map.Entry<String, List<StreamEntry>>> got;
      try {
        Map<String, StreamEntryID> keys = new HashMap<>();
        keys.put(inboxKey, new StreamEntryID(inbox));
        keys.put(controlKey, new StreamEntryID(control));
        logs.forEach((h, pos) -> keys.put(owner.eventsKey(h), new StreamEntryID(pos)));
        keys.putAll(owner.requests().resumedLogs()); // request streams resumed here: one read for all of them
        got = owner.jedis().xread(XReadParams.xReadParams().block((int) owner.block().toMillis()).count(200), keys);
        backoff = 100;
      } catch (JedisException e) {
        if (!running) {
          return;
        }
        LOG.warn("cluster reader: Redis read failed ({}); retrying", e.getClass().getSimpleName());
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
        continue;
      } catch (RuntimeException e) {
        // never ends the reader: every session's events and answers on this instance go through it
        LOG.error("cluster reader: a read failed; retrying", e);
        sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
        continue;
      }
      if (got == null) {
        continue;
      }
      for (Map.Entry<String, List<StreamEntry>> e : got) {
        String key = e.getKey();
        if (owner.requests().isResumed(key)) {
          try {
            owner.requests().delivered(key, e.getValue());
          } catch (RuntimeException ex) {
            LOG.warn("cluster reader: delivering a resumed request stream failed", ex);
          }
          continue;
        }
        for (StreamEntry entry : e.getValue()) {
          String id = entry.getID().toString();
          try {
            if (key.equals(inboxKey)) {
              inbox = id;
              inbox(entry.getFields());
            } else if (key.equals(controlKey)) {
              control = id;
              control(entry.getID(), entry.getFields());
            } else {
              event(key, id, entry.getFields(), logs);
            }
          } catch (RuntimeException ex) {
            LOG.warn("cluster reader: delivering a message failed", ex);
          }
        }
      }
    }
  }

  private void inbox(Map<String, String> f) {
    if ("msg".equals(f.get("t"))) {
      deliver(f);
    }
  }

  private void control(StreamEntryID entryId, Map<String, String> f) {
    if (owner.instanceId().equals(f.get("i"))) {
      return; // its own
    }
    if ("get".equals(f.get("t"))) {
      // another instance's GET stream of the session, opened after this one's: this one's ends (ordered by the log)
      StreamEntryID mine = claims.get(f.get("s"));
      String id = known.get(f.get("s"));
      if (mine != null && mine.compareTo(entryId) < 0 && claims.remove(f.get("s"), mine) && id != null) {
        receiver.streamTaken(id);
      }
      return;
    }
    if ("end".equals(f.get("t"))) {
      String id = known.remove(f.get("s"));
      if (id != null) {
        followed.remove(f.get("s"));
        receiver.ended(id);
      }
    } else if ("msg".equals(f.get("t"))) {
      deliver(f);
    }
  }

  private void deliver(Map<String, String> f) {
    String id = f.get("s") == null ? null : known.get(f.get("s"));
    String m = f.get("m");
    if (id != null && m != null) {
      receiver.message(id, m.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Delivers an event if its log is still followed from where this read started: a log unfollowed, or followed
   * again from another position (a client reconnected with another Last-Event-ID) since, is read again from its new
   * position by the next read, so nothing is delivered twice or skipped.
   */
  private void event(String key, String eventId, Map<String, String> f, Map<String, String> readFrom) {
    String h = key.substring(key.lastIndexOf(':') + 1);
    String expected = readFrom.get(h);
    String id = known.get(h);
    if (expected == null || id == null || !followed.replace(h, expected, eventId)) {
      return;
    }
    readFrom.put(h, eventId);
    if (f.get("m") != null) {
      receiver.event(id, eventId, f.get("m").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
