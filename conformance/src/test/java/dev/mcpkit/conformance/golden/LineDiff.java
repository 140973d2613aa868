package dev.mcpkit.conformance.golden;

import java.util.List;

/** A readable line diff of two short texts (one step's answer): longest common subsequence, with context. */
final class LineDiff {

  private static final int CONTEXT = 2;

  private LineDiff() {}

  static String of(List<String> before, List<String> after) {
    int n = before.size();
    int m = after.size();
    int[][] lcs = new int[n + 1][m + 1];
    for (int i = n - 1; i >= 0; i--) {
      for (int j = m - 1; j >= 0; j--) {
        lcs[i][j] = before.get(i).equals(after.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder all = new StringBuilder();
    java.util.ArrayList<String> lines = new java.util.ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && before.get(i).equals(after.get(j))) {
        lines.add("  " + before.get(i++));
        j++;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        lines.add("- " + before.get(i++));
      } else {
        lines.add("+ " + after.get(j++));
      }
    }
    // only changed lines and a little context around them
    int last = -1;
    for (int k = 0; k < lines.size(); k++) {
      boolean near = false;
      for (int d = Math.max(0, k - CONTEXT); d <= Math.min(lines.size() - 1, k + CONTEXT); d++) {
        near |= !lines.get(d).startsWith("  ");
      }
      if (near) {
        if (last >= 0 && k > last + 1) {
          all.append("  ...\n");
        }
        all.append(lines.get(k)).append('\n');
        last = k;
      }
    }
    return all.toString();
  }
}
