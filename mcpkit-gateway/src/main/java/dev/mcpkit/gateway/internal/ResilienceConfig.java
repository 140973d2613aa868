package dev.mcpkit.gateway.internal;

import dev.mcpkit.gateway.Resilience;
import java.time.Duration;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Reads an upstream's {@link Resilience} from the configuration file: {@code whenDown}, {@code retry}, {@code
 * crashLoop} and {@code concurrency} of {@code gateway.servers.NAME}, each key falling back to the same key of {@code
 * gateway}, then to the default. The schema has checked the types and ranges already.
 */
public final class ResilienceConfig {

  private ResilienceConfig() {}

  /** The settings of the server whose options are {@code server}, in the gateway section {@code gateway}. */
  public static Resilience read(JsonNode gateway, JsonNode server) {
    Resilience d = Resilience.DEFAULTS;
    String whenDown = pick(gateway, server, "whenDown", null).asString("hide");
    return Resilience.builder()
        .whenDown(Resilience.WhenDown.valueOf(whenDown.toUpperCase(Locale.ROOT)))
        .retry(ms(gateway, server, "retry", "firstMs", d.retryFirst()), ms(gateway, server, "retry", "maxMs",
            d.retryMax()))
        .crashLoop(pick(gateway, server, "crashLoop", "failures").asInt(d.crashLoopFailures()),
            ms(gateway, server, "crashLoop", "windowMs", d.crashLoopWindow()))
        .concurrency(pick(gateway, server, "concurrency", "max").asInt(d.maxConcurrent()),
            ms(gateway, server, "concurrency", "waitMs", d.queueWait()))
        .build();
  }

  private static Duration ms(JsonNode gateway, JsonNode server, String key, String sub, Duration dflt) {
    JsonNode v = pick(gateway, server, key, sub);
    return v.isMissingNode() ? dflt : Duration.ofMillis(v.asLong());
  }

  /** The server's value of {@code key} ({@code .sub}), else the gateway's. */
  private static JsonNode pick(JsonNode gateway, JsonNode server, String key, String sub) {
    JsonNode own = sub == null ? server.path(key) : server.path(key).path(sub);
    return !own.isMissingNode() ? own : sub == null ? gateway.path(key) : gateway.path(key).path(sub);
  }
}
