package dev.mcpkit.cli.it;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * What ran between each upstream (a row) and each downstream client (a column) through the gateway, and how it went:
 * rendered as a Markdown table for the test output and the README. A cell lists the operations that passed
 * ({@code list call read prompt}); a failed one is shown as {@code op✗} and its message kept for the assertion.
 */
final class InteropMatrix {

  /** The operations tried in each cell (progress, cancel and elicit only where the upstream has a tool for them). */
  enum Op {
    LIST, CALL, READ, PROMPT, PROGRESS, CANCEL, ELICIT;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final List<String> rows;
  private final List<String> columns;
  private final Map<String, Map<Op, String>> cells = new LinkedHashMap<>();

  InteropMatrix(List<String> rows, List<String> columns) {
    this.rows = List.copyOf(rows);
    this.columns = List.copyOf(columns);
  }

  private static String key(String row, String column) {
    return row + "\u0000" + column;
  }

  /** Records one operation's outcome: null for success, else why it failed. */
  synchronized void record(String row, String column, Op op, String failure) {
    cells.computeIfAbsent(key(row, column), k -> new EnumMap<>(Op.class)).put(op, failure == null ? "" : failure);
  }

  /**
   * Runs {@code action} (which returns what the client received, as JSON text) and records success when that text
   * contains {@code expected}; an exception or a different answer is recorded as the failure.
   */
  void check(String row, String column, Op op, String expected, Callable<String> action) {
    String failure;
    try {
      String got = action.call();
      failure = got != null && got.contains(expected) ? null
          : "expected " + expected + " in " + (got == null ? "nothing" : got.substring(0, Math.min(300, got.length())));
    } catch (Exception | AssertionError e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
    }
    record(row, column, op, failure);
  }

  /** Every failure of one column, as {@code row op: message}. */
  synchronized List<String> failures(String column) {
    List<String> out = new ArrayList<>();
    for (String row : rows) {
      Map<Op, String> cell = cells.get(key(row, column));
      if (cell == null) {
        out.add(row + ": nothing ran");
        continue;
      }
      cell.forEach((op, failure) -> {
        if (!failure.isEmpty()) {
          out.add(row + " " + op.label() + ": " + failure);
        }
      });
    }
    return out;
  }

  /** The matrix as a Markdown table (cells that did not run are "not run"). */
  synchronized String render() {
    StringBuilder sb = new StringBuilder("| upstream \\ client |");
    columns.forEach(c -> sb.append(' ').append(c).append(" |"));
    sb.append("\n|---|");
    columns.forEach(c -> sb.append("---|"));
    for (String row : rows) {
      sb.append("\n| ").append(row).append(" |");
      for (String column : columns) {
        Map<Op, String> cell = cells.get(key(row, column));
        sb.append(' ');
        if (cell == null) {
          sb.append("not run");
        } else {
          List<String> parts = new ArrayList<>();
          cell.forEach((op, failure) -> parts.add(failure.isEmpty() ? op.label() : op.label() + "✗"));
          sb.append(String.join(" ", parts));
        }
        sb.append(" |");
      }
    }
    return sb.append('\n').toString();
  }
}
