package dev.mcpkit.bench;

/** The 1 MiB text resource every contender serves at {@code bench://blob}. */
final class Blob {

  static final String URI = "bench://blob";
  static final int SIZE = 1024 * 1024;
  static final String TEXT = make();

  private Blob() {}

  // Printable ASCII that needs no JSON escaping, so every contender writes the same bytes.
  private static String make() {
    StringBuilder b = new StringBuilder(SIZE);
    String line = "The quick brown fox jumps over the lazy dog 0123456789 mcpkit bench line.\n";
    while (b.length() < SIZE) {
      b.append(line, 0, Math.min(line.length(), SIZE - b.length()));
    }
    return b.toString();
  }
}
