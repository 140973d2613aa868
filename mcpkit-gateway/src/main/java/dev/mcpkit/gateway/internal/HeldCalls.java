package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.McpException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * The upstream requests the gateway holds while a 2026-07-28 downstream client answers an {@code
 * InputRequiredResult}: the upstream (a 2025 session, typically) asked for input in the middle of a request, and that
 * request stays open until the client retries with the answer. The input keys of the questions (and so the
 * downstream {@code requestState}, which mcpkit-server seals with HMAC-SHA256 and binds to the caller's subject and
 * OAuth client) name this instance and the held request: {@code gw.INSTANCE.ID.ROUND}. A held request is bound to its
 * caller and to the downstream request (method, name, arguments); it is released (cancelled upstream) when its
 * timeout passes without a retry, and a caller holds at most {@code maxPerCaller} at once.
 */
public final class HeldCalls {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String instance;
  private final Duration timeout;
  private final int maxPerCaller;
  private final Map<String, Pending> held = new ConcurrentHashMap<>();

  /**
   * @param timeout how long a held request waits for the client's retry
   * @param maxPerCaller how many requests one caller may have held at once
   */
  public HeldCalls(Duration timeout, int maxPerCaller) {
    this.instance = token(6);
    this.timeout = timeout;
    this.maxPerCaller = maxPerCaller;
  }

  /** How long a held request waits for the retry. */
  public Duration timeout() {
    return timeout;
  }

  /** A new upstream request for {@code caller}; its id names this instance. */
  Pending open(String caller, String binding) {
    return new Pending("gw." + instance + "." + token(16), caller, binding);
  }

  /**
   * Holds {@code p} until the retry; a timer releases it when none comes in time.
   *
   * @throws McpException when the caller already holds {@code maxPerCaller} requests (then {@code p} is cancelled)
   */
  void hold(Pending p, String upstream) {
    synchronized (this) { // counts and inserts as one step; no I/O here
      long mine = held.values().stream().filter(h -> h.caller.equals(p.caller)).count();
      if (mine >= maxPerCaller) {
        p.cancel();
        throw new McpException(ErrorCodes.INTERNAL_ERROR, "upstream '" + upstream + "' asked for input, but this"
            + " caller already has " + maxPerCaller + " requests waiting for input (answer or abandon one first)");
      }
      p.held = true;
      p.ctx = null;
      held.put(p.id, p);
    }
    Thread.ofVirtual().name("mcpkit-gateway-held").start(() -> {
      try {
        Thread.sleep(timeout);
      } catch (InterruptedException e) {
        return;
      }
      if (p.held && held.remove(p.id, p)) {
        LoggerFactory.getLogger(HeldCalls.class).info("upstream '{}': no retry within {}; the held request is"
            + " cancelled", upstream, Failures.seconds(timeout));
        p.cancel();
      }
    });
  }

  /**
   * Takes back the held request a retry continues: the oldest one of this caller for the same downstream request,
   * or {@code null} (then the retry starts a new upstream request).
   */
  Pending resume(String caller, String binding) {
    List<Pending> mine = new ArrayList<>();
    for (Pending p : held.values()) {
      if (p.caller.equals(caller) && p.binding.equals(binding)) {
        mine.add(p);
      }
    }
    for (Pending p : mine) {
      if (held.remove(p.id, p)) {
        p.held = false;
        return p;
      }
    }
    return null;
  }

  /** How many requests are held now (for tests and logs). */
  public int size() {
    return held.size();
  }

  /** Releases every held request (the gateway closes). */
  public void close() {
    held.values().forEach(Pending::cancel);
    held.clear();
  }

  private static String token(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
