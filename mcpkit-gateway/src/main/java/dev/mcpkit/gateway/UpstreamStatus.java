package dev.mcpkit.gateway;

/**
 * What the gateway knows of one upstream after start.
 *
 * @param name the upstream's name
 * @param available whether it was reached
 * @param transport how it is reached: {@code stdio}, {@code streamable-http} or {@code http+sse} (legacy), or {@code
 *     null} when it is unavailable
 * @param protocolVersion the revision negotiated with it, or {@code null}
 * @param tools how many of its tools are served
 * @param resources how many of its resources and resource templates are served
 * @param prompts how many of its prompts are served
 * @param error why it is unavailable, or {@code null}
 */
public record UpstreamStatus(String name, boolean available, String transport, String protocolVersion, int tools,
    int resources, int prompts, String error) {}
