package dev.mcpkit.guard.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secret values by their form: the launch checks' detection ({@link #VALUE}, a secret written into a configuration)
 * and result redaction ({@link #redact}, a secret in a tool result). One list of token forms for both.
 */
public final class Secrets {

  private static final String TOKENS = "(?:ghp_|gho_|ghs_|ghu_|ghr_|github_pat_)[A-Za-z0-9_]{20,}"
      + "|sk-[A-Za-z0-9_-]{20,}|(?:AKIA|ASIA)[0-9A-Z]{16}|xox[abprs]-[A-Za-z0-9-]{10,}|glpat-[A-Za-z0-9_-]{20,}"
      + "|AIza[0-9A-Za-z_-]{35}";

  /** A secret value somewhere in a text (the launch checks: found, then masked). */
  public static final Pattern VALUE = Pattern.compile(TOKENS
      + "|eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.|-----BEGIN [A-Z ]*PRIVATE KEY-----");

  /** Whole secrets to cut out of a result, each with what it is; private key blocks are handled apart. */
  private static final List<Kind> KINDS = List.of(
      new Kind("JWT", Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*")),
      new Kind("bearer token", Pattern.compile("(?i)(?<=\\bbearer\\s{1,8})[A-Za-z0-9._~+/-]{16,}=*")),
      new Kind("AWS secret key", Pattern.compile(
          "(?i)(?<=aws_secret_access_key[\"']?\\s{0,8}[=:]\\s{0,8}[\"']?)[A-Za-z0-9/+]{40}")),
      new Kind("API token", Pattern.compile(TOKENS)));

  private record Kind(String name, Pattern pattern) {}

  private static final String BEGIN = "-----BEGIN ";
  private static final Pattern KEY_HEADER = Pattern.compile("-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----");

  private Secrets() {}

  /**
   * The text with every secret replaced by {@code [redacted KIND]}, and the kinds found (empty: the text as it was).
   */
  public static Redacted redact(String text) {
    List<String> found = new ArrayList<>();
    String out = privateKeys(text, found);
    for (Kind k : KINDS) {
      Matcher m = k.pattern().matcher(out);
      if (m.find()) {
        found.add(k.name());
        out = m.replaceAll("[redacted " + k.name() + "]");
      }
    }
    return new Redacted(out, found);
  }

  /** A text after redaction and what was taken out of it. */
  public record Redacted(String text, List<String> kinds) {}

  /** Private key blocks, BEGIN to END (a plain scan: a regular expression would backtrack over many BEGINs). */
  private static String privateKeys(String text, List<String> found) {
    if (!text.contains(BEGIN)) {
      return text;
    }
    StringBuilder b = new StringBuilder();
    int from = 0;
    Matcher m = KEY_HEADER.matcher(text);
    while (m.find(from)) {
      int end = text.indexOf("-----END ", m.end());
      int close = end < 0 ? -1 : text.indexOf("-----", end + 9);
      int stop = close < 0 ? text.length() : close + 5; // no END line: the rest of the text is the key
      b.append(text, from, m.start()).append("[redacted private key]");
      if (!found.contains("private key")) {
        found.add("private key");
      }
      from = stop;
      if (from >= text.length()) {
        break;
      }
    }
    return b.append(text, Math.min(from, text.length()), text.length()).toString();
  }
}
