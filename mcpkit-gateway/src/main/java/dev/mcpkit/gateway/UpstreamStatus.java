package dev.mcpkit.gateway;

import java.util.Objects;

/**
 * What the gateway knows of one upstream after start: reached (how, in which revision, how much of it is served) or
 * unavailable (why). Made by the gateway; users read it ({@link Gateway#upstreams()}).
 */
public final class UpstreamStatus {
  private final String name;
  private final String transport;
  private final String protocolVersion;
  private final Served served;
  private final String error;
  private final boolean available;

  /**
   * How many of an upstream's features the gateway serves.
   *
   * @param tools its tools
   * @param resources its resources and resource templates
   * @param prompts its prompts
   */
  public record Served(int tools, int resources, int prompts) {}

  private UpstreamStatus(String name, String transport, String protocolVersion, Served served, String error) {
    this.name = Objects.requireNonNull(name, "name");
    this.transport = transport;
    this.protocolVersion = protocolVersion;
    this.served = served;
    this.error = error;
    this.available = transport != null;
  }

  /**
   * An upstream the gateway reached.
   *
   * @param name the upstream's name
   * @param transport {@code stdio}, {@code streamable-http} or {@code http+sse} (legacy)
   * @param protocolVersion the revision negotiated with it
   * @param served how much of it is served
   */
  public static UpstreamStatus connected(String name, String transport, String protocolVersion, Served served) {
    return new UpstreamStatus(name, Objects.requireNonNull(transport, "transport"), protocolVersion,
        Objects.requireNonNull(served, "served"), null);
  }

  /** An upstream the gateway could not reach at start, and why. */
  public static UpstreamStatus unavailable(String name, String error) {
    return new UpstreamStatus(name, null, null, new Served(0, 0, 0), error);
  }

  /** The upstream's name. */
  public String name() {
    return name;
  }

  /** Whether it was reached. */
  public boolean available() {
    return available;
  }

  /** How it is reached, or {@code null} when it is unavailable. */
  public String transport() {
    return transport;
  }

  /** The revision negotiated with it, or {@code null} when it is unavailable. */
  public String protocolVersion() {
    return protocolVersion;
  }

  /** How many of its tools are served. */
  public int tools() {
    return served.tools();
  }

  /** How many of its resources and resource templates are served. */
  public int resources() {
    return served.resources();
  }

  /** How many of its prompts are served. */
  public int prompts() {
    return served.prompts();
  }

  /** Why it is unavailable, or {@code null}. */
  public String error() {
    return error;
  }

  @Override
  public String toString() {
    return available()
        ? name + ": " + transport + " " + protocolVersion + ", " + served
        : name + ": unavailable (" + error + ")";
  }
}
