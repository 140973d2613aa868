package dev.mcpkit.core.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
