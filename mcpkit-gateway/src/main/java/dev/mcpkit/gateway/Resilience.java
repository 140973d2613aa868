package dev.mcpkit.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * How the gateway treats one upstream that fails, and how much it asks of it at once: what downstream clients see
 * while it is down (its items hidden, or kept and answered with an error naming it), how it is retried (exponential
 * backoff with jitter, capped; a stdio upstream is restarted and stays down after a crash loop), and how many requests
 * it gets at once (the next ones wait a bounded time, then get an error naming it). Immutable; {@link #DEFAULTS} or
 * {@link #builder()}.
 */
public final class Resilience {

  /** What downstream clients see of an upstream while it is down. */
  public enum WhenDown {
    /** Its items are not listed (clients are told the lists changed); a call of one is an error naming it. */
    HIDE,
    /** Its items stay listed; a call of one is an error naming it. */
    ERROR
  }

  /** Hide, retry after 1 s doubling up to 60 s, a crash loop is 5 failures within 60 s, 64 requests at once. */
  public static final Resilience DEFAULTS = builder().build();

  private final WhenDown whenDown;
  private final Duration retryFirst;
  private final Duration retryMax;
  private final int crashLoopFailures;
  private final Duration crashLoopWindow;
  private final int maxConcurrent;
  private final Duration queueWait;

  private Resilience(Builder b) {
    this.whenDown = b.whenDown;
    this.retryFirst = b.retryFirst;
    this.retryMax = b.retryMax;
    this.crashLoopFailures = b.crashLoopFailures;
    this.crashLoopWindow = b.crashLoopWindow;
    this.maxConcurrent = b.maxConcurrent;
    this.queueWait = b.queueWait;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** What downstream clients see while the upstream is down. */
  public WhenDown whenDown() {
    return whenDown;
  }

  /** The delay before the first retry (each later one doubles it, up to {@link #retryMax()}; jittered). */
  public Duration retryFirst() {
    return retryFirst;
  }

  /** The longest delay between two retries. */
  public Duration retryMax() {
    return retryMax;
  }

  /** A stdio upstream that failed (exited, or did not start) this many times within {@link #crashLoopWindow()} stays down. */
  public int crashLoopFailures() {
    return crashLoopFailures;
  }

  /** The window of {@link #crashLoopFailures()}. */
  public Duration crashLoopWindow() {
    return crashLoopWindow;
  }

  /** How many requests the upstream gets at once. */
  public int maxConcurrent() {
    return maxConcurrent;
  }

  /** How long a request beyond {@link #maxConcurrent()} waits for its turn before it fails. */
  public Duration queueWait() {
    return queueWait;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Resilience r && whenDown == r.whenDown && retryFirst.equals(r.retryFirst)
        && retryMax.equals(r.retryMax) && crashLoopFailures == r.crashLoopFailures
        && crashLoopWindow.equals(r.crashLoopWindow) && maxConcurrent == r.maxConcurrent
        && queueWait.equals(r.queueWait);
  }

  @Override
  public int hashCode() {
    return Objects.hash(whenDown, retryFirst, retryMax, crashLoopFailures, crashLoopWindow, maxConcurrent, queueWait);
  }

  @Override
  public String toString() {
    return "Resilience[whenDown=" + whenDown + ", retry=" + retryFirst + ".." + retryMax + ", crashLoop="
        + crashLoopFailures + "/" + crashLoopWindow + ", maxConcurrent=" + maxConcurrent + ", queueWait=" + queueWait
        + "]";
  }

  /** Builds a {@link Resilience}; every setter replaces the earlier value. */
  public static final class Builder {
    private WhenDown whenDown = WhenDown.HIDE;
    private Duration retryFirst = Duration.ofSeconds(1);
    private Duration retryMax = Duration.ofSeconds(60);
    private int crashLoopFailures = 5;
    private Duration crashLoopWindow = Duration.ofSeconds(60);
    private int maxConcurrent = 64;
    private Duration queueWait = Duration.ofSeconds(5);

    private Builder() {}

    /** What downstream clients see while the upstream is down (default {@link WhenDown#HIDE}). */
    public Builder whenDown(WhenDown whenDown) {
      this.whenDown = Objects.requireNonNull(whenDown, "whenDown");
      return this;
    }

    /**
     * The first retry after {@code first} (default 1 s), each later one after twice the delay before, at most
     * {@code max} (default 60 s); each delay is taken at random between its half and itself (jitter), so that
     * gateways do not retry in step.
     */
    public Builder retry(Duration first, Duration max) {
      this.retryFirst = positive(first, "first retry delay");
      this.retryMax = positive(max, "longest retry delay");
      if (max.compareTo(first) < 0) {
        throw new IllegalArgumentException("the longest retry delay is shorter than the first");
      }
      return this;
    }

    /**
     * A stdio upstream that fails {@code failures} times (exits, or does not start) within {@code window} is not
     * restarted again (default 5 within 60 s); the log and {@code /readyz} say so.
     */
    public Builder crashLoop(int failures, Duration window) {
      if (failures < 1) {
        throw new IllegalArgumentException("a crash loop needs at least one failure");
      }
      this.crashLoopFailures = failures;
      this.crashLoopWindow = positive(window, "crash-loop window");
      return this;
    }

    /**
     * At most {@code max} requests to the upstream at once (default 64); the next ones wait up to {@code wait}
     * (default 5 s; zero: not at all), then fail with an error naming the upstream.
     */
    public Builder concurrency(int max, Duration wait) {
      if (max < 1 || wait.isNegative()) {
        throw new IllegalArgumentException("the concurrency limit must be positive and its wait not negative");
      }
      this.maxConcurrent = max;
      this.queueWait = wait;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("the " + what + " must be positive");
      }
      return d;
    }

    /** The settings. */
    public Resilience build() {
      return new Resilience(this);
    }
  }
}
