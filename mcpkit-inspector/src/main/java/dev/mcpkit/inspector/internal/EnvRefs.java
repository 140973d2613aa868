package dev.mcpkit.inspector.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/** {@code ${env:NAME}} references in collection files: secrets live in the environment, never in the file. */
public final class EnvRefs {

  private static final Pattern REF = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  private EnvRefs() {}

  /** Whether the text refers to an environment variable. */
  public static boolean hasRef(String text) {
    return REF.matcher(text).find();
  }

  /**
   * The text with each reference replaced by the variable's value.
   *
   * @throws IllegalArgumentException naming the variable (never a value) when one is not set
   */
  public static String resolve(String text, Map<String, String> env, String where) {
    Matcher m = REF.matcher(text);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String value = env.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(where + ": the environment variable " + m.group(1) + " is not set");
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(value));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** A copy of a JSON value with the references in its strings resolved. */
  public static JsonNode resolve(JsonNode node, Map<String, String> env, String where) {
    if (node.isString()) {
      return StringNode.valueOf(resolve(node.asString(), env, where));
    }
    if (node.isObject()) {
      ObjectNode o = ((ObjectNode) node).objectNode();
      node.properties().forEach(e -> o.set(e.getKey(), resolve(e.getValue(), env, where + "/" + e.getKey())));
      return o;
    }
    if (node.isArray()) {
      ArrayNode a = ((ArrayNode) node).arrayNode();
      for (int i = 0; i < node.size(); i++) {
        a.add(resolve(node.get(i), env, where + "/" + i));
      }
      return a;
    }
    return node;
  }
}
