package dev.mcpkit.core.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files a user points mcpkit at (a gateway or client configuration, a credentials file, a lock or rule file)
 * with a bound. Such a path may name anything: a symbolic link to {@code /dev/zero} or a file of gigabytes, which an
 * unbounded read turns into an {@link OutOfMemoryError} and a stack trace, or a named pipe, whose opening waits for a
 * writer for ever. Only a regular file (after links are followed) is read, and no more than {@link #MAX_BYTES} of it.
 */
public final class LocalFiles {

  /** Larger than any configuration, credentials, lock or rule file mcpkit reads by many orders of magnitude. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private LocalFiles() {}

  /**
   * The file's bytes, at most {@link #MAX_BYTES}.
   *
   * @param what what the file is, for the message ("the lock file")
   * @throws IllegalArgumentException naming the file when it is not a regular file or is larger than the bound
   * @throws java.nio.file.NoSuchFileException when it does not exist
   * @throws IOException when it cannot be read
   */
  public static byte[] read(Path file, String what) throws IOException {
    // Checked before opening: opening a named pipe blocks until something writes to it.
    if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
      throw new IllegalArgumentException(what + " " + file + " is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] b = in.readNBytes(MAX_BYTES + 1); // reads no further than one byte past the bound
      if (b.length > MAX_BYTES) {
        throw new IllegalArgumentException(what + " " + file + " is larger than " + (MAX_BYTES >> 20)
            + " MiB: not one mcpkit reads (is it the right file?)");
      }
      return b;
    }
  }

  /**
   * The file's text, decoded as UTF-8 (malformed bytes replaced), read as {@link #read} does.
   *
   * @param what what the file is, for the message ("the gateway configuration")
   * @throws IllegalArgumentException naming the file when it is not a regular file or is larger than the bound
   * @throws java.nio.file.NoSuchFileException when it does not exist
   * @throws IOException when it cannot be read
   */
  public static String readString(Path file, String what) throws IOException {
    return new String(read(file, what), StandardCharsets.UTF_8);
  }
}
