package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.server.Caller;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One upstream's sessions per caller: an authenticated caller (its subject and client) gets its own {@link
 * McpClient}, so nothing one caller causes upstream (a session id, subscriptions, answers, lists that depend on who
 * asks) reaches another. Bounded: at most {@code cap} callers (the least recently used idle one is closed for a new
 * one; when every session is busy, the new caller is refused) and a session idle for {@code idle} is closed. Sessions
 * are opened outside the lock (connecting is I/O); concurrent first requests of one caller share one connection.
 */
final class Callers implements AutoCloseable {

  private static final class Session {
    final CompletableFuture<McpClient> client = new CompletableFuture<>();
    int inUse;
    long lastUsed;
    /** The caller as of its latest request (a renewed token included), for credentials made per caller. */
    volatile Caller caller;
  }

  private final Function<Supplier<Caller>, McpClient> connect;
  private final int cap;
  private final long idleNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Session> sessions = new LinkedHashMap<>(16, 0.75f, true); // access order: LRU first
  private boolean closed;
  private final java.util.concurrent.ScheduledFuture<?> sweeper;

  private static final java.util.concurrent.ScheduledExecutorService SWEEPER =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcpkit-gateway-caller-sessions");
        t.setDaemon(true);
        return t;
      });

  /** @param connect opens a caller's session, given that caller as of its latest request */
  Callers(Function<Supplier<Caller>, McpClient> connect, int cap, Duration idle) {
    this.connect = connect;
    this.cap = cap;
    this.idleNanos = idle.toNanos();
    long every = Math.max(100, idle.toMillis() / 2);
    this.sweeper = SWEEPER.scheduleWithFixedDelay(this::sweep, every, every,
        java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  /** A lease on {@code caller}'s session; {@link Lease#close()} when its request is done. */
  Lease lease(Caller caller) {
    String key = caller.subject() + "\n" + caller.clientId(); // the principal: the same person through another client differs
    Session s;
    boolean opener = false;
    List<McpClient> toClose = new ArrayList<>();
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("the gateway is closing");
      }
      evictIdle(toClose);
      s = sessions.get(key);
      if (s == null) {
        if (sessions.size() >= cap && !evictOne(toClose)) {
          throw new IllegalStateException(cap + " callers have sessions with it now (the gateway's cap per upstream)");
        }
        s = new Session();
        sessions.put(key, s);
        opener = true;
      }
      s.inUse++;
      s.lastUsed = System.nanoTime();
      s.caller = caller;
    } finally {
      lock.unlock();
    }
    toClose.forEach(Callers::quietly);
    if (opener) {
      try {
        Session opened = s;
        McpClient c = connect.apply(() -> opened.caller);
        s.client.complete(c);
        boolean late;
        lock.lock();
        try {
          late = closed;
        } finally {
          lock.unlock();
        }
        if (late) { // closed while connecting: nobody else will close it
          quietly(c);
          throw new IllegalStateException("the gateway is closing");
        }
      } catch (RuntimeException e) {
        s.client.completeExceptionally(e);
        forget(key, s);
        release(s);
        throw e;
      }
    }
    try {
      return new Lease(this, s, s.client.join());
    } catch (java.util.concurrent.CompletionException e) {
      release(s);
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** How many callers have a session now. */
  int size() {
    lock.lock();
    try {
      return sessions.size();
    } finally {
      lock.unlock();
    }
  }

  /** One request's use of a caller's session. */
  record Lease(Callers owner, Session session, McpClient client) implements AutoCloseable {
    @Override
    public void close() {
      owner.release(session);
    }
  }

  private void release(Session s) {
    lock.lock();
    try {
      s.inUse--;
      s.lastUsed = System.nanoTime();
    } finally {
      lock.unlock();
    }
  }

  private void forget(String key, Session s) {
    lock.lock();
    try {
      sessions.remove(key, s);
    } finally {
      lock.unlock();
    }
  }

  /** Closes the sessions idle for longer than the limit (called with the lock held; closes later, without it). */
  private void evictIdle(List<McpClient> toClose) {
    long now = System.nanoTime();
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      Session s = it.next();
      if (s.inUse == 0 && s.client.isDone() && now - s.lastUsed > idleNanos) {
        it.remove();
        s.client.thenAccept(toClose::add);
      }
    }
  }

  /** Makes room: the least recently used session that no request uses now. */
  private boolean evictOne(List<McpClient> toClose) {
    for (Iterator<Session> it = sessions.values().iterator(); it.hasNext(); ) {
      Session s = it.next();
      if (s.inUse == 0 && s.client.isDone()) {
        it.remove();
        s.client.thenAccept(toClose::add);
        return true;
      }
    }
    return false;
  }

  /** Closes idle sessions now (a periodic sweep, so a gateway nobody calls releases them too). */
  void sweep() {
    List<McpClient> toClose = new ArrayList<>();
    lock.lock();
    try {
      evictIdle(toClose);
    } finally {
      lock.unlock();
    }
    toClose.forEach(Callers::quietly);
  }

  @Override
  public void close() {
    sweeper.cancel(false);
    List<McpClient> toClose = new ArrayList<>();
    lock.lock();
    try {
      closed = true;
      sessions.values().forEach(s -> s.client.thenAccept(toClose::add));
      sessions.clear();
    } finally {
      lock.unlock();
    }
    toClose.forEach(Callers::quietly);
  }

  private static void quietly(McpClient c) {
    try {
      c.close();
    } catch (RuntimeException e) {
      // closing a session that is already gone
    }
  }
}
