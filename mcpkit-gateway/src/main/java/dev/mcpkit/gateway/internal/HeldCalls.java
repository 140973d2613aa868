package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.jsonrpc.ErrorCodes;
import dev.mcpkit.core.jsonrpc.McpException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
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
  Pending open(String caller, java.util.function.Supplier<String> binding) {
    return new Pending(() -> "gw." + instance + "." + token(16), caller, binding);
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
      p.binding(); // fixed now, from the arguments of the attempt that made it
      p.held = true;
      p.ctx = null;
      p.holds++;
      held.put(p.id(), p);
    }
    int hold = p.holds;
    Thread.ofVirtual().name("mcpkit-gateway-held").start(() -> {
      try {
        Thread.sleep(timeout);
      } catch (InterruptedException e) {
        return;
      }
      if (p.held && p.holds == hold && held.remove(p.id(), p)) {
        LoggerFactory.getLogger(HeldCalls.class).info("upstream '{}': no retry within {}; the held request is"
            + " cancelled", upstream, Failures.seconds(timeout));
        p.cancel();
      }
    });
  }

  /**
   * The held request a 2026-07-28 retry continues, named by the input keys of its answers ({@code
   * gw.INSTANCE.ID.ROUND}), or {@code null} when no key is the gateway's (a first attempt). It is taken out of the
   * held set only when it belongs to this caller and this downstream request.
   *
   * @throws McpException {@code -32602} when a key names another instance, a request no longer held (timed out,
   *     cancelled, answered), or one of another caller or another request
   */
  Pending resume(java.util.Set<String> keys, String caller, java.util.function.Supplier<String> binding) {
    for (String key : keys) {
      String[] part = key.split("\\.", -1);
      if (part.length != 4 || !part[0].equals("gw")) {
        continue;
      }
      if (!part[1].equals(instance)) {
        // several instances behind a balancer (mcpkit gateway --store): the held upstream call is in the memory of
        // the instance that answered the first round, and cannot move; a new upstream call here would run it twice
        throw McpException.invalidParams("the held upstream call this retry continues lives on another gateway"
            + " instance (" + part[1].replaceAll("[^0-9a-f]", "") + "), not this one; retry from the start: send the"
            + " request again without requestState and inputResponses");
      }
      String id = "gw." + part[1] + "." + part[2];
      Pending p = held.get(id);
      if (p == null) {
        throw McpException.invalidParams("the upstream request this retry continues is no longer held (it timed out"
            + " or was cancelled); send the request again without requestState");
      }
      if (!p.caller.equals(caller) || !p.binding().equals(binding.get())) {
        throw McpException.invalidParams("requestState belongs to a different caller or request");
      }
      if (held.remove(id, p)) {
        p.held = false;
        return p;
      }
      throw McpException.invalidParams("the upstream request this retry continues is already being continued");
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
