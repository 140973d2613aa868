package dev.mcpkit.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the repository and the shared reference material from any module's tests. */
public final class Repo {

  private Repo() {}

  /** The repository root: the nearest parent of the working directory holding {@code mvnw}. */
  public static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("mvnw"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("not inside the mcpkit repository: " + Path.of("").toAbsolutePath());
    }
    return p;
  }

  /** The shared spec and docs, next to the repository ({@code ../shared}) or set by MCPKIT_SHARED. */
  public static Path shared() {
    String env = System.getenv("MCPKIT_SHARED");
    Path p = env != null ? Path.of(env) : root().resolve("../shared").normalize();
    if (!Files.isDirectory(p.resolve("spec"))) {
      throw new IllegalStateException("the shared spec folder is missing at " + p + "; set MCPKIT_SHARED");
    }
    return p;
  }

  /** A tool installed by scripts/install-tools.sh under .tools/; fails clearly when it is missing. */
  public static Path tool(String relative) {
    Path p = root().resolve(".tools").resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException(p + " is missing: run ./run-tests (or scripts/install-tools.sh) once");
    }
    return p;
  }
}
