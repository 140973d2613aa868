package dev.mcpkit.auth.fetch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What keeps a {@link SafeFetcher} from being used as a request amplifier: a failed fetch (a transport error, or an
 * answer of 300 or more) is remembered for {@link #FAILURE_TTL} and answered from memory, so a loop of
 * {@code /authorize} requests naming one broken URL costs one fetch, not one each; and fetches per host are limited
 * to {@link #PER_HOST_PER_MINUTE} a minute whatever the URLs, so made-up paths on one host cannot make the server
 * hammer it. Both maps are bounded.
 */
final class FetchLimits {

  static final Duration FAILURE_TTL = Duration.ofSeconds(60);
  static final int PER_HOST_PER_MINUTE = 30;
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final int MAX_ENTRIES = 10_000;

  /** A remembered failure: the error thrown, or the answer returned. */
  record Failure(FetchException error, SafeFetcher.Result result, Instant until) {}

  private record Window(Instant start, int count) {}

  private final Clock clock;
  private final Map<String, Failure> failures = new ConcurrentHashMap<>();
  private final Map<String, Window> hosts = new ConcurrentHashMap<>();

  FetchLimits(Clock clock) {
    this.clock = clock;
  }

  /** The remembered failure for {@code key}, or {@code null}. */
  Failure failure(String key) {
    Failure f = failures.get(key);
    return f != null && f.until().isAfter(clock.instant()) ? f : null;
  }

  void rememberError(String key, FetchException e) {
    remember(key, new Failure(e, null, clock.instant().plus(FAILURE_TTL)));
  }

  void rememberAnswer(String key, SafeFetcher.Result r) {
    remember(key, new Failure(null, r, clock.instant().plus(FAILURE_TTL)));
  }

  /** Counts a fetch from {@code host}; {@code false} when the host's budget for this minute is spent. */
  boolean admit(String host) {
    Instant now = clock.instant();
    Window w = hosts.compute(host.toLowerCase(Locale.ROOT), (h, old) ->
        old == null || !old.start().plus(MINUTE).isAfter(now) ? new Window(now, 1) : new Window(old.start(),
            old.count() + 1));
    if (hosts.size() > MAX_ENTRIES) {
      hosts.values().removeIf(x -> !x.start().plus(MINUTE).isAfter(now));
    }
    return w.count() <= PER_HOST_PER_MINUTE;
  }

  private void remember(String key, Failure f) {
    if (failures.size() >= MAX_ENTRIES) {
      Instant now = clock.instant();
      failures.values().removeIf(x -> !x.until().isAfter(now));
      if (failures.size() >= MAX_ENTRIES) {
        failures.clear(); // forgetting costs one fetch each, within the per-host limit
      }
    }
    failures.put(key, f);
  }
}
