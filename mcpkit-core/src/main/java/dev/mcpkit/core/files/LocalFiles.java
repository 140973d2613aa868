package dev.mcpkit.core.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads the files a user points mcpkit at (a gateway or client configuration, a credentials file, a lock or rule file)
 * with a bound. Such a path may name anything: a symbolic link to {@code /dev/zero} or a file of gigabytes, which an
 * unbounded read turns into an {@link OutOfMemoryError} and a stack trace, or a named pipe, whose opening waits for a
 * writer for ever. Only a regular file (after the user's links are followed) is read, and no more than
 * {@link #MAX_BYTES} of it; text must be UTF-8.
 *
 * <p>The check holds for what is opened, not only for what was looked at: the path may be swapped between the two.
 * The links are resolved first and the resolved name is opened without following a link there, so a link swapped in
 * is refused; a named pipe swapped in would block the opening, which therefore runs on its own thread and is given up
 * after a bound; and the opened channel must be seekable, which a pipe is not.
 */
public final class LocalFiles {

  /** Larger than any configuration, credentials, lock or rule file mcpkit reads by many orders of magnitude. */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  /** Opening a regular file does not wait (microseconds); opening a named pipe waits for a writer. */
  static final Duration OPEN_WAIT = Duration.ofSeconds(5);

  /**
   * Where openings run: platform threads (one blocked in open(2) would hold a virtual thread's carrier, of which
   * there are few), kept a minute when idle (a thread started per reading cost 100 us of CPU), daemons (one a pipe
   * holds does not keep the JVM alive).
   */
  private static final ExecutorService OPENERS =
      Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("mcpkit-open-", 0).factory());

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
    Path real = file.toRealPath(); // the links the user made are followed here, and only here
    // Checked before opening too: the usual mistake (a pipe or a device named) is refused at once, without the wait.
    if (!Files.readAttributes(real, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isRegularFile()) {
      throw notRegular(what, file, "");
    }
    try (SeekableByteChannel ch = open(real, what, file, OPEN_WAIT)) {
      byte[] b = Channels.newInputStream(ch).readNBytes(MAX_BYTES + 1); // no further than one byte past the bound
      if (b.length > MAX_BYTES) {
        throw new IllegalArgumentException(what + " " + file + " is larger than " + (MAX_BYTES >> 20)
            + " MiB: not one mcpkit reads (is it the right file?)");
      }
      return b;
    }
  }

  /**
   * The file's text, read as {@link #read} does; it must be UTF-8.
   *
   * @param what what the file is, for the message ("the gateway configuration")
   * @throws IllegalArgumentException naming the file when it is not a regular file, is larger than the bound or is
   *     not UTF-8 (with the offset of the first byte that is not)
   * @throws java.nio.file.NoSuchFileException when it does not exist
   * @throws IOException when it cannot be read
   */
  public static String readString(Path file, String what) throws IOException {
    byte[] b = read(file, what);
    // Replacing a bad byte with U+FFFD would hand a parser text the user never wrote (a secret, a name, a pattern).
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(b);
    CharBuffer out = CharBuffer.allocate(b.length); // UTF-8 never decodes to more chars than it has bytes
    CoderResult r = utf8.decode(in, out, true);
    if (!r.isError()) {
      r = utf8.flush(out);
    }
    if (r.isError()) {
      throw new IllegalArgumentException(what + " " + file + " is not UTF-8 text: the byte at offset "
          + in.position() + " (0x" + String.format("%02x", b[in.position()]) + ") does not belong there");
    }
    return out.flip().toString();
  }

  /**
   * Opens {@code real} (a path without links) for reading without following a link at its last name, giving up after
   * {@code wait} (a named pipe swapped in would keep the opening waiting for a writer), and refuses a pipe opened.
   */
  static SeekableByteChannel open(Path real, String what, Path file, Duration wait) throws IOException {
    CompletableFuture<SeekableByteChannel> opening = new CompletableFuture<>();
    OPENERS.execute(() -> {
      try {
        SeekableByteChannel ch = Files.newByteChannel(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        if (!opening.complete(ch)) {
          ch.close(); // given up on: a writer has come at last
        }
      } catch (Throwable e) {
        opening.completeExceptionally(e);
      }
    });
    try {
      opening.get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      if (opening.cancel(false)) { // the thread stays in open(2) until a writer comes; it then closes what it got
        throw notRegular(what, file, " (opening it waits for a writer: a named pipe)");
      } // else it has just finished: as below
    } catch (ExecutionException e) {
      // as below
    } catch (InterruptedException e) {
      if (!opening.cancel(false) && opening.state() == Future.State.SUCCESS) {
        opening.resultNow().close();
      }
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted opening " + file);
    }
    if (opening.state() == Future.State.FAILED) {
      Throwable e = opening.exceptionNow();
      if (e instanceof IOException && !(e instanceof NoSuchFileException) && !(e instanceof AccessDeniedException)
          && Files.isSymbolicLink(real)) { // O_NOFOLLOW's ELOOP, which Java reports as a plain IOException
        throw notRegular(what, file, " (a symbolic link was put in its place)");
      }
      throw e instanceof IOException io ? io : new IOException(e);
    }
    SeekableByteChannel ch = opening.resultNow();
    try {
      ch.position(); // lseek(2): a pipe cannot seek; a regular file can
    } catch (IOException e) {
      ch.close();
      throw notRegular(what, file, " (a pipe)");
    }
    return ch;
  }

  private static IllegalArgumentException notRegular(String what, Path file, String why) {
    return new IllegalArgumentException(what + " " + file + " is not a regular file" + why);
  }
}
