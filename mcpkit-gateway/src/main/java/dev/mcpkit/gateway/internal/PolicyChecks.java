package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.text.PeerText;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The parts of {@link Policy} that look at a call: argument constraints by JSON pointer (a path under an allowed
 * root, a URL whose host is in an allow-list), rate limits (a token bucket per caller and tool) and glob patterns.
 */
final class PolicyChecks {

  /** At most this many caller-and-tool buckets are kept; the least recently used is dropped (it starts full again). */
  static final int MAX_BUCKETS = 100_000;

  private PolicyChecks() {}

  /** Why a check failed: the JSON path of the setting and the reason. */
  record Failed(String at, String why) {}

  /**
   * A constraint on one argument: {@code pointer} into the arguments; the value must be a string, an absolute path
   * under one of {@code under} (after {@code ..} is resolved), and/or a URL whose host is one of {@code hosts}
   * ({@code *.example.com} for its subdomains). The argument must be present.
   */
  record Argument(String at, String pointer, List<Path> under, List<String> hosts) {}

  /** At most {@code calls} per {@code per}, per caller and tool. */
  record Rate(String at, int calls, Duration per) {}

  /** The first argument of {@code args} that breaks its constraint, or {@code null}. */
  static Failed arguments(List<Argument> constraints, ObjectNode args) {
    for (Argument a : constraints) {
      JsonNode v = args.at(JsonPointer.compile(a.pointer()));
      if (v == null || v.isMissingNode() || !v.isString()) {
        return new Failed(a.at(), "the argument " + a.pointer() + " must be given, as a string");
      }
      String value = v.asString();
      if (!a.under().isEmpty() && !under(value, a.under())) {
        return new Failed(a.at() + "/under", "the argument " + a.pointer() + " (" + PeerText.line(value, 200)
            + ") is not an absolute path under " + a.under().stream().map(Path::toString).toList());
      }
      if (!a.hosts().isEmpty() && !host(value, a.hosts())) {
        return new Failed(a.at() + "/hosts", "the argument " + a.pointer() + " (" + PeerText.line(value, 200)
            + ") is not a URL of an allowed host " + a.hosts());
      }
    }
    return null;
  }

  private static boolean under(String value, List<Path> roots) {
    Path p;
    try {
      p = Path.of(value);
    } catch (InvalidPathException e) {
      return false;
    }
    if (!p.isAbsolute()) {
      return false; // relative to the upstream's working folder, which the gateway does not know
    }
    Path n = p.normalize(); // "/srv/docs/../../etc" is /etc: compared after .. is resolved
    return roots.stream().anyMatch(n::startsWith);
  }

  private static boolean host(String value, List<String> hosts) {
    String h;
    try {
      URI u = new URI(value);
      h = u.getHost();
      if (h == null || u.getRawUserInfo() != null) { // user@host forms are how allow-lists are fooled
        return false;
      }
    } catch (URISyntaxException e) {
      return false;
    }
    h = h.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    for (String allowed : hosts) {
      String a = allowed.toLowerCase(Locale.ROOT);
      if (a.startsWith("*.") ? h.endsWith(a.substring(1)) : h.equals(a)) {
        return true;
      }
    }
    return false;
  }

  /** A glob on served names: {@code *} any characters, {@code ?} one; everything else literal. */
  static Pattern glob(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (char ch : glob.toCharArray()) {
      if (ch == '*' || ch == '?') {
        if (!lit.isEmpty()) {
          re.append(Pattern.quote(lit.toString()));
          lit.setLength(0);
        }
        re.append(ch == '*' ? ".*" : ".");
      } else {
        lit.append(ch);
      }
    }
    if (!lit.isEmpty()) {
      re.append(Pattern.quote(lit.toString()));
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  /** Token buckets per caller and tool: {@code calls} tokens, refilled evenly over {@code per}. */
  static final class Buckets {
    private final Map<String, double[]> buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
        return size() > MAX_BUCKETS;
      }
    };

    /** Takes a token for {@code key}; {@code false} when none is left. No I/O under the lock. */
    synchronized boolean take(String key, Rate rate) {
      long now = System.nanoTime();
      double[] b = buckets.computeIfAbsent(key, k -> new double[] {rate.calls(), now});
      double perNano = rate.calls() / (double) rate.per().toNanos();
      b[0] = Math.min(rate.calls(), b[0] + (now - (long) b[1]) * perNano);
      b[1] = now;
      if (b[0] < 1) {
        return false;
      }
      b[0] -= 1;
      return true;
    }
  }
}
