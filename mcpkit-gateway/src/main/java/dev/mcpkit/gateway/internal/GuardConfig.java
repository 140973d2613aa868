package dev.mcpkit.gateway.internal;

import dev.mcpkit.gateway.GatewayConfigException;
import dev.mcpkit.gateway.GatewayGuard;
import dev.mcpkit.guard.AuditLog;
import dev.mcpkit.guard.Guard;
import dev.mcpkit.guard.GuardInterceptor.PinMode;
import dev.mcpkit.guard.PinLock;
import dev.mcpkit.guard.ResultHygiene;
import dev.mcpkit.guard.RuleSet;
import dev.mcpkit.guard.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code gateway.guard} and {@code gateway.servers.NAME.guard} (already checked against the schema) into a
 * {@link GatewayGuard}: a server's keys replace the gateway's; paths are relative to the configuration file; a rule
 * file or lock file that cannot be read is an error naming its JSON path, at load rather than at the first call.
 */
public final class GuardConfig {

  /** How big a file audit log grows before it is rotated, unless {@code maxBytes} says otherwise. */
  static final long DEFAULT_AUDIT_BYTES = 10_000_000;

  private GuardConfig() {}

  /** The guard of the file, or {@code null} when {@code gateway.guard} is absent (then no server may have one). */
  public static GatewayGuard read(JsonNode gateway, Path file) {
    JsonNode top = gateway.get("guard");
    if (top == null) {
      for (var e : gateway.path("servers").properties()) {
        if (e.getValue().has("guard")) {
          throw error(file, "/gateway/servers/" + e.getKey() + "/guard", "a server's guard settings refine"
              + " gateway.guard: add \"guard\": {} to the gateway section (the defaults) to guard every server");
        }
      }
      return null;
    }
    GatewayGuard.Builder b = settings(GatewayGuard.builder(), top, "/gateway/guard", file);
    JsonNode audit = top.get("audit");
    if (audit != null) {
      b.audit(audit.isString() ? AuditLog.stderr() : AuditLog.file(resolve(file, audit.get("file").asString()),
          audit.path("maxBytes").asLong(DEFAULT_AUDIT_BYTES)));
    }
    for (var e : gateway.path("servers").properties()) {
      JsonNode own = e.getValue().get("guard");
      if (own != null) {
        ObjectNode merged = ((ObjectNode) top).deepCopy();
        merged.remove("audit");
        merged.setAll((ObjectNode) own);
        b.server(e.getKey(), settings(GatewayGuard.builder(), merged, "/gateway/servers/" + e.getKey() + "/guard",
            file).build());
      }
    }
    return b.build();
  }

  private static GatewayGuard.Builder settings(GatewayGuard.Builder b, JsonNode g, String at, Path file) {
    RuleSet rules = RuleSet.builtIn();
    int i = 0;
    for (JsonNode r : g.path("rules")) {
      try {
        rules = rules.with(resolve(file, r.asString()));
      } catch (IllegalArgumentException e) {
        throw error(file, at + "/rules/" + i, e.getMessage());
      }
      i++;
    }
    b.guard(Guard.of(rules)).threshold(Severity.parse(g.path("threshold").asString("high")));
    String pin = g.path("pin").asString("tofu");
    if (pin.equals("off")) {
      b.noPins();
    } else {
      Path lock = resolve(file, g.path("lockFile").asString(PinLock.FILE_NAME));
      if (Files.exists(lock)) {
        try {
          PinLock.read(lock);
        } catch (IllegalArgumentException e) {
          throw error(file, at + (g.has("lockFile") ? "/lockFile" : ""), e.getMessage());
        }
      }
      b.pins(lock, pin.equals("strict") ? PinMode.STRICT : PinMode.TRUST_ON_FIRST_USE);
    }
    JsonNode results = g.get("results");
    if (results != null) {
      b.results(ResultHygiene.of(results.path("redactSecrets").asBoolean(false), ResultHygiene.Poisoning.valueOf(
          results.path("poisoning").asString("off").toUpperCase(Locale.ROOT))));
    }
    return b;
  }

  private static GatewayConfigException error(Path file, String at, String message) {
    return new GatewayConfigException("the configuration file " + file + " is invalid: " + at + ": " + message);
  }

  private static Path resolve(Path file, String path) {
    if (path.startsWith("~/")) {
      return Path.of(System.getProperty("user.home")).resolve(path.substring(2));
    }
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? Path.of(path) : dir.resolve(path).normalize();
  }
}
