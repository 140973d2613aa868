package dev.mcpkit.guard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the files a user points mcpkit at (a lock file, a rule file) with a bound: such a file may be anything the
 * path names, a symbolic link to {@code /dev/zero} or a file of gigabytes among them, and an unbounded read fills the
 * heap until the JVM dies with an {@link OutOfMemoryError} and a stack trace.
 */
public final class LocalFiles {

  /** Larger than any lock or rule file mcpkit writes or reads by many orders of magnitude. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private LocalFiles() {}

  /**
   * The file's bytes, at most {@link #MAX_BYTES}.
   *
   * @param what what the file is, for the message ("the lock file")
   * @throws IllegalArgumentException naming the file when it is larger
   * @throws IOException when it cannot be read
   */
  public static byte[] read(Path file, String what) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(MAX_BYTES + 1); // reads no further than one byte past the bound
      if (b.length > MAX_BYTES) {
        throw new IllegalArgumentException(what + " " + file + " is larger than " + (MAX_BYTES >> 20)
            + " MiB: not one mcpkit wrote (is it the right file?)");
      }
      return b;
    }
  }
}
