package dev.mcpkit.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {

  @TempDir Path tmp;

  @Test
  void readsAFileUpToTheBound() throws Exception {
    Path f = sized(tmp.resolve("exact.json"), LocalFiles.MAX_BYTES);
    assertThat(LocalFiles.read(f, "the file")).hasSize(LocalFiles.MAX_BYTES);
    assertThat(LocalFiles.readString(Files.writeString(tmp.resolve("small.json"), "{\"é\": 1}"), "the file"))
        .isEqualTo("{\"é\": 1}");
  }

  @Test
  void refusesAFileOneBytePastTheBoundNamingIt() throws Exception {
    Path f = sized(tmp.resolve("huge.json"), LocalFiles.MAX_BYTES + 1);
    assertThatThrownBy(() -> LocalFiles.read(f, "the gateway configuration"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the gateway configuration " + f + " is larger than 16 MiB: not one mcpkit reads (is it the right"
            + " file?)");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void refusesALinkToADeviceWithoutReadingIt() throws Exception {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero));
    Path link = Files.createSymbolicLink(tmp.resolve("config.json"), zero);
    assertThatThrownBy(() -> LocalFiles.read(link, "the configuration file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the configuration file " + link + " is not a regular file");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS) // opening a named pipe with no writer waits for ever
  void refusesANamedPipeWithoutOpeningIt() throws Exception {
    Path fifo = tmp.resolve("pipe.json");
    assumeTrue(mkfifo(fifo));
    assertThatThrownBy(() -> LocalFiles.readString(fifo, "the lock file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the lock file " + fifo + " is not a regular file");
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS) // the old check-then-open waited here for ever
  void refusesANamedPipeSwappedInBeforeTheOpeningWithoutWaitingForAWriter() throws Exception {
    Path fifo = tmp.resolve("lock.json");
    assumeTrue(mkfifo(fifo));
    // What the opening meets when a pipe replaces the file between the check and the open.
    assertThatThrownBy(() -> LocalFiles.open(fifo, "the lock file", fifo, Duration.ofMillis(200)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the lock file " + fifo + " is not a regular file (opening it waits for a writer: a named pipe)");
    Files.newOutputStream(fifo).close(); // lets the abandoned opening finish (it closes what it gets)
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void refusesANamedPipeThatAWriterHoldsOpenWithoutReadingIt() throws Exception {
    Path fifo = tmp.resolve("rules.json");
    assumeTrue(mkfifo(fifo));
    // The writer's open waits for a reader, so the opening succeeds at once; a read would then wait for ever.
    Thread writer = Thread.ofPlatform().start(() -> {
      try (var w = Files.newOutputStream(fifo)) {
        Thread.sleep(Long.MAX_VALUE);
      } catch (Exception ignored) {
        // interrupted at the end of the test
      }
    });
    try {
      assertThatThrownBy(() -> LocalFiles.open(fifo, "the rule file", fifo, LocalFiles.OPEN_WAIT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the rule file " + fifo + " is not a regular file (a pipe)");
    } finally {
      writer.interrupt();
    }
  }

  @Test
  void refusesASymbolicLinkSwappedInBeforeTheOpening() throws Exception {
    Path elsewhere = Files.writeString(tmp.resolve("elsewhere.json"), "{}");
    Path swapped = Files.createSymbolicLink(tmp.resolve("config.json"), elsewhere);
    // read() resolves the user's links first and opens the resolved name; a link found there was put in since.
    assertThatThrownBy(() -> LocalFiles.open(swapped, "the configuration file", swapped, LocalFiles.OPEN_WAIT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the configuration file " + swapped + " is not a regular file (a symbolic link was put in its"
            + " place)");
  }

  @Test
  void followsTheUsersOwnLinkToARegularFile() throws Exception {
    Path target = Files.writeString(tmp.resolve("dotfiles.json"), "{\"a\": 1}");
    Path link = Files.createSymbolicLink(tmp.resolve("config.json"), target);
    assertThat(LocalFiles.readString(link, "the configuration file")).isEqualTo("{\"a\": 1}");
  }

  @Test
  void refusesTextThatIsNotUtf8NamingTheFileAndTheByte() throws Exception {
    Path f = Files.write(tmp.resolve("latin1.json"), new byte[] {'{', '"', 'n', '"', ':', '"', (byte) 0xe9, '"', '}'});
    assertThatThrownBy(() -> LocalFiles.readString(f, "the collection file"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the collection file " + f + " is not UTF-8 text: the byte at offset 6 (0xe9) does not belong"
            + " there");
    assertThat(LocalFiles.read(f, "the collection file")).hasSize(9); // bytes are the caller's to judge
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    Path missing = tmp.resolve("nope.json");
    assertThatThrownBy(() -> LocalFiles.read(missing, "the file")).isInstanceOf(NoSuchFileException.class);
  }

  /** A sparse file of the given length: no disk written, every byte read back as zero. */
  static Path sized(Path f, long length) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
      raf.setLength(length);
    }
    return f;
  }

  static boolean mkfifo(Path at) throws Exception {
    try {
      return new ProcessBuilder("mkfifo", at.toString()).start().waitFor() == 0;
    } catch (java.io.IOException e) {
      return false; // no mkfifo on this system
    }
  }
}
