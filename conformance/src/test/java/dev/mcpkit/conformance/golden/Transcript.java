package dev.mcpkit.conformance.golden;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A golden transcript file: comment lines, then steps. Each step is a {@code ### title} line, what
 * the test sends (a {@code >>>} line, for HTTP its header lines, a blank line and the body) and
 * what the server answered (from a {@code <<<} line to the next step), as the recorder rendered it.
 * The sent part is written by hand and read here; the answered part is compared as text, because
 * the recorder renders it canonically (sorted keys, placeholders, a fixed header list).
 */
record Transcript(List<String> preamble, List<Step> steps) {

  /**
   * One exchange.
   *
   * @param title what it shows
   * @param action the {@code >>>} line without the marker: {@code POST /mcp}, {@code GET /sse}, {@code read g},
   *     {@code close g}, {@code stdin}, {@code eof}
   * @param options the {@code [k=v ...]} at the end of the {@code >>>} line
   * @param headers HTTP request headers as written (before substitution)
   * @param body the body or stdin line as written (before substitution), {@code null} when none
   * @param sent the sent part exactly as it stands in the file (kept when re-recording)
   * @param answer the recorded answer ({@code ""} when none was recorded yet)
   */
  record Step(String title, String action, Map<String, String> options, Map<String, String> headers, String body,
      List<String> sent, String answer) {

    String verb() {
      return action.split(" ", 2)[0];
    }

    String target() {
      String[] parts = action.split(" ", 2);
      return parts.length > 1 ? parts[1] : "";
    }

    String option(String name, String fallback) {
      return options.getOrDefault(name, fallback);
    }
  }

  static Transcript parse(String text) {
    List<String> lines = List.of(text.split("\n", -1));
    List<String> preamble = new ArrayList<>();
    int i = 0;
    while (i < lines.size() && !lines.get(i).startsWith("### ")) {
      preamble.add(lines.get(i++));
    }
    trimTrailingBlank(preamble);
    List<Step> steps = new ArrayList<>();
    while (i < lines.size()) {
      String title = lines.get(i++).substring(4);
      List<String> sent = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).startsWith("<<<") && !lines.get(i).startsWith("### ")) {
        sent.add(lines.get(i++));
      }
      List<String> answer = new ArrayList<>();
      while (i < lines.size() && !lines.get(i).startsWith("### ")) {
        answer.add(lines.get(i++));
      }
      trimTrailingBlank(sent);
      trimTrailingBlank(answer);
      steps.add(step(title, sent, String.join("\n", answer)));
    }
    return new Transcript(preamble, steps);
  }

  private static Step step(String title, List<String> sent, String answer) {
    if (sent.isEmpty() || !sent.get(0).startsWith(">>> ")) {
      throw new IllegalArgumentException("step '" + title + "' does not start with a >>> line");
    }
    String line = sent.get(0).substring(4).trim();
    Map<String, String> options = new LinkedHashMap<>();
    int bracket = line.indexOf(" [");
    if (bracket >= 0 && line.endsWith("]")) {
      for (String o : line.substring(bracket + 2, line.length() - 1).trim().split("\\s+")) {
        int eq = o.indexOf('=');
        options.put(eq < 0 ? o : o.substring(0, eq), eq < 0 ? "" : o.substring(eq + 1));
      }
      line = line.substring(0, bracket);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String body;
    List<String> rest = sent.subList(1, sent.size());
    if (line.equals("stdin")) {
      body = rest.isEmpty() ? null : String.join("\n", rest);
    } else {
      int j = 0;
      while (j < rest.size() && !rest.get(j).isEmpty()) {
        String h = rest.get(j++);
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
      }
      body = j + 1 < rest.size() ? String.join("\n", rest.subList(j + 1, rest.size())) : null;
    }
    return new Step(title, line, options, headers, body, List.copyOf(sent), answer);
  }

  private static void trimTrailingBlank(List<String> lines) {
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
      lines.remove(lines.size() - 1);
    }
  }

  /** The file text with these answers in place of the recorded ones (one per step, in order). */
  String render(List<String> answers) {
    StringBuilder out = new StringBuilder();
    preamble.forEach(l -> out.append(l).append('\n'));
    for (int k = 0; k < steps.size(); k++) {
      out.append(renderStep(steps.get(k), answers.get(k)));
    }
    return out.toString();
  }

  static String renderStep(Step s, String answer) {
    StringBuilder out = new StringBuilder("\n### ").append(s.title()).append('\n');
    s.sent().forEach(l -> out.append(l).append('\n'));
    if (!answer.isEmpty()) {
      out.append(answer).append('\n');
    }
    return out.toString();
  }
}
