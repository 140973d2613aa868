package dev.mcpkit.server;

import java.util.List;
import java.util.Map;

/** Suggests values for a prompt argument or a resource template variable. */
@FunctionalInterface
public interface Completer {

  /**
   * @param value what the user typed so far
   * @param context the other arguments already resolved
   * @return candidate values, best first (the server sends at most 100)
   */
  List<String> complete(String value, Map<String, String> context) throws Exception;

  /** Completes from a fixed list, by prefix. */
  static Completer of(List<String> values) {
    List<String> copy = List.copyOf(values);
    return (value, context) -> copy.stream().filter(v -> v.startsWith(value == null ? "" : value)).toList();
  }
}
