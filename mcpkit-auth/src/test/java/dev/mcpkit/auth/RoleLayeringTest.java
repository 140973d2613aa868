package dev.mcpkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The client and resource roles do not reach into the authorization server's package: what they share with it
 * (the SSRF-safe fetcher, security events, the RFC wire records) lives in sibling packages.
 */
class RoleLayeringTest {

  private static final Path MAIN = Path.of("src/main/java/dev/mcpkit/auth");

  @Test
  void clientAndResourceDoNotImportTheAuthorizationServer() throws IOException {
    assertThat(MAIN.resolve("client")).isDirectory();
    assertThat(offenders(MAIN.resolve("client"))).isEmpty();
    assertThat(offenders(MAIN.resolve("resource"))).isEmpty();
  }

  @Test
  void theScanSeesAnImportOfTheServerPackage(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("X.java"), "package x;\nimport dev.mcpkit.auth.server.fetch.SafeFetcher;\n");
    Files.writeString(dir.resolve("Y.java"), "package x;\nimport static dev.mcpkit.auth.server.Http.json;\n");
    Files.writeString(dir.resolve("Z.java"), "package x;\nimport dev.mcpkit.auth.fetch.SafeFetcher;\n");
    assertThat(offenders(dir)).hasSize(2);
  }

  /** {@code file: line} for every import of {@code dev.mcpkit.auth.server} (or below) under {@code root}. */
  static List<String> offenders(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".java"))
          .flatMap(
              p -> {
                try {
                  return Files.readAllLines(p).stream()
                      .map(String::strip)
                      .filter(l -> l.matches("import\\s+(static\\s+)?dev\\.mcpkit\\.auth\\.server\\b.*"))
                      .map(l -> p.getFileName() + ": " + l);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    }
  }
}
