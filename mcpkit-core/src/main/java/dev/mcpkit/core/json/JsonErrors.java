package dev.mcpkit.core.json;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Describes JSON failures in the terms of the document a peer sent (what is wrong, the JSON
 * Pointer of the value, line and column), never in the parser's: no Java types, no Jackson
 * settings or token names. Anything not recognised becomes a generic phrase rather than leaking.
 */
public final class JsonErrors {

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.*)\"");
  private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.{1,2})' \\(code \\d+\\)\\)");
  private static final Pattern TOKEN = Pattern.compile("(?:Unrecognized|Non-standard) token '(.{0,40})");
  private static final Pattern LIMIT = Pattern.compile("exceeds the maximum (?:allowed )?(?:length )?\\((\\d+)");

  private JsonErrors() {}

  /** A one-line description of a parse or binding failure, with the location when known. */
  public static String describe(JacksonException e) {
    if (e instanceof NumberOutOfRangeException n) {
      return n.getOriginalMessage();
    }
    String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    String what = e instanceof MismatchedInputException m && m.getTargetType() != null
        ? "expected " + jsonType(m.getTargetType())
        // A value that is well-formed JSON but does not fit (a constructor refused it): say so,
        // without the parser's wording.
        : e instanceof DatabindException ? "invalid value" : phrase(msg);
    String where = pointer(e);
    var loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      where += " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
    return what + where;
  }

  private static String phrase(String msg) {
    Matcher m = DUPLICATE.matcher(msg);
    if (m.find()) {
      return "duplicate key \"" + clip(m.group(1)) + "\"";
    }
    String lower = msg.toLowerCase(Locale.ROOT);
    if (lower.startsWith("unexpected end-of-input")) {
      return "unexpected end of input";
    }
    if (lower.contains("nesting depth")) {
      Matcher l = LIMIT.matcher(msg);
      return "nesting too deep" + (l.find() ? " (at most " + l.group(1) + " levels)" : "");
    }
    if (lower.startsWith("number value length") || lower.contains("number length")) {
      Matcher l = LIMIT.matcher(msg);
      return "number too long" + (l.find() ? " (at most " + l.group(1) + " digits)" : "");
    }
    if (lower.startsWith("string value length") || lower.startsWith("name length")) {
      Matcher l = LIMIT.matcher(msg);
      return "string too long" + (l.find() ? " (at most " + l.group(1) + " characters)" : "");
    }
    m = UNEXPECTED_CHAR.matcher(msg);
    if (m.find()) {
      String expected = lower.contains("comma to separate object") ? ": expected ',' or '}'"
          : lower.contains("comma to separate array") ? ": expected ',' or ']'"
          : lower.contains("double-quote to start") ? ": expected a quoted key"
          : lower.contains("colon to separate") ? ": expected ':'"
          : lower.contains("valid value") || lower.contains("expected a value") ? ": expected a value" : "";
      return "unexpected character '" + m.group(1) + "'" + expected;
    }
    m = TOKEN.matcher(msg);
    if (m.find()) {
      return "not a JSON value: '" + m.group(1).replaceAll("'.*", "") + "'";
    }
    if (lower.contains("unquoted character")) {
      return "control character in a string (must be escaped)";
    }
    if (lower.contains("character escape")) {
      return "invalid escape sequence in a string";
    }
    if (lower.contains("utf-8") || lower.contains("utf8") || lower.contains("surrogate")) {
      return "invalid UTF-8 or unpaired surrogate";
    }
    if (lower.contains("leading zero")) {
      return "invalid number: leading zeroes";
    }
    if (lower.contains("numeric value")) {
      return "invalid number";
    }
    if (lower.contains("trailing token")) {
      return "unexpected content after the JSON value";
    }
    return "malformed JSON";
  }

  /** The JSON type a Java target type stands for. */
  private static String jsonType(Class<?> type) {
    if (type == String.class || type.isEnum() || CharSequence.class.isAssignableFrom(type)) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "a boolean";
    }
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class
        || type == Short.class || type == short.class || type == java.math.BigInteger.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a number";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord() || !type.getName().startsWith("java.")) {
      return "an object";
    }
    return "a valid value";
  }

  /** Where the failure is: the binding path, or the parser's position, as a JSON Pointer. */
  private static String pointer(JacksonException e) {
    StringBuilder sb = new StringBuilder();
    for (JacksonException.Reference r : e.getPath()) {
      if (r.getPropertyName() != null) {
        sb.append('/').append(r.getPropertyName().replace("~", "~0").replace("/", "~1"));
      } else if (r.getIndex() >= 0) {
        sb.append('/').append(r.getIndex());
      }
    }
    if (sb.isEmpty() && e.processor() instanceof JsonParser p && p.streamReadContext() != null) {
      String at = p.streamReadContext().pathAsPointer().toString();
      sb.append(at);
    }
    return sb.isEmpty() ? "" : " at " + clip(sb.toString());
  }

  // Clipped by code point (a surrogate pair is never cut) and marked with U+2026: a peer's key ending in "java"
  // followed by "..." would read as a Java package name, which no message may show unless the peer sent it.
  private static String clip(String s) {
    return s.codePointCount(0, s.length()) > 100 ? s.substring(0, s.offsetByCodePoints(0, 100)) + "\u2026" : s;
  }
}
