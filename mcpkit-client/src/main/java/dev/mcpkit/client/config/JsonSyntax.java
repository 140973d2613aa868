package dev.mcpkit.client.config;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;

/**
 * A JSON syntax error in a file a person edits, said as a person would: the file, the line and column, and what is
 * wrong there, without the parser's vocabulary (source descriptions, byte offsets, character codes, feature names).
 * Public so that other readers of configuration files (mcpkit-gateway's) say it the same way.
 */
public final class JsonSyntax {

  private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.+?)' \\(code \\d+\\)\\)(.*)",
      Pattern.DOTALL);
  private static final Pattern DUPLICATE = Pattern.compile("Duplicate Object property \"(.{0,80}?)\"");
  private static final Pattern UNRECOGNIZED = Pattern.compile("Unrecognized token '(.{0,40}?)'.*", Pattern.DOTALL);

  private JsonSyntax() {}

  /** {@code the configuration file FILE is not valid JSON at line L, column C: WHAT}. */
  public static String describe(Path file, JacksonException e) {
    TokenStreamLocation at = e.getLocation();
    String where = at == null || at.getLineNr() < 1 ? ""
        : " at line " + at.getLineNr() + (at.getColumnNr() < 1 ? "" : ", column " + at.getColumnNr());
    return "the configuration file " + file + " is not valid JSON" + where + ": " + what(e.getOriginalMessage());
  }

  /** What is wrong, in plain words; the parser's own wording only for the first clause of a case not listed. */
  static String what(String message) {
    String m = message == null ? "" : message;
    Matcher d = DUPLICATE.matcher(m);
    if (d.find()) {
      // a file must not show one value and run another (last-wins), so a second key is an error
      return "duplicate key \"" + d.group(1) + "\"";
    }
    if (m.startsWith("Unexpected end-of-input")) {
      return m.contains("String") ? "the file ends inside a string (a closing \" is missing)"
          : "the file ends before the JSON does (a closing } or ] is missing)";
    }
    Matcher c = UNEXPECTED_CHAR.matcher(m);
    if (c.matches()) {
      String found = c.group(1);
      String expected = c.group(2);
      String need = expected.contains("comma to separate Object") ? "a comma between two entries"
          : expected.contains("comma to separate Array") ? "a comma between two values"
          : expected.contains("double-quote to start") ? "a name in double quotes"
          : expected.contains("colon to separate") ? "a colon after the name"
          : expected.contains("valid value") ? "a value" : null;
      return "unexpected " + found + (need == null ? "" : " where " + need + " should be");
    }
    if (m.startsWith("Illegal unquoted character")) {
      return "a line break or control character inside a string (a closing \" is missing, or write it as \\n)";
    }
    if (m.startsWith("Unexpected close marker")) {
      Matcher k = Pattern.compile("Unexpected close marker '(.)': expected '(.)'.*", Pattern.DOTALL).matcher(m);
      return k.matches() ? "unexpected " + k.group(1) + " where " + k.group(2) + " should close what is open"
          : "unexpected closing bracket";
    }
    Matcher u = UNRECOGNIZED.matcher(m);
    if (u.matches()) {
      return "unexpected text \"" + u.group(1) + "\" (strings need double quotes; the words allowed bare are true,"
          + " false and null)";
    }
    if (m.startsWith("Trailing token")) {
      return "more text after the end of the JSON";
    }
    // an unlisted case: the first clause only, which names the problem; what follows is the parser's detail
    String first = m.split("[:(\\[\\n]", 2)[0].strip();
    return first.isEmpty() ? "a syntax error" : first;
  }
}
