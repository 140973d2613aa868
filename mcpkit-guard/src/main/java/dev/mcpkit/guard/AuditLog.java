package dev.mcpkit.guard;

import dev.mcpkit.core.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the guard's decisions go: one JSON object per line, {@code {"time", "decision", "caller",
 * "server", "tool", "code", "hash", "detail"}}, members without a value left out. Decisions: {@code allowed} (a call
 * let through), {@code blocked} (a definition hidden or a call refused by a rule), {@code pin-mismatch} (a definition
 * changed or another server answers; hidden and refused), {@code pinned} (trust on first use wrote the lock),
 * {@code redacted} (a secret removed from a result), {@code flagged} (a result that matches a poisoning rule, let
 * through or wrapped). A file log is bounded: past {@code maxBytes} it is renamed to {@code FILE.1} (replacing the
 * previous one) and a new one started, so it never holds more than twice that. Thread-safe; a log that cannot be
 * written does not fail the call it records.
 */
public final class AuditLog {

  private final Consumer<String> sink;
  private final java.util.function.UnaryOperator<String> served;
  private final java.util.function.Supplier<String> caller;

  private AuditLog(Consumer<String> sink) {
    this(sink, null, null);
  }

  private AuditLog(Consumer<String> sink, java.util.function.UnaryOperator<String> served,
      java.util.function.Supplier<String> caller) {
    this.sink = sink;
    this.served = served;
    this.caller = caller;
  }

  /**
   * The same log, whose events also name what a host serves each definition as: {@code "served": "calc__add"} next to
   * {@code "tool": "tools/add"} (the gateway prefixes upstream names). {@code served} maps a definition key to the
   * served name, or {@code null} to leave the member out.
   */
  public AuditLog naming(java.util.function.UnaryOperator<String> served) {
    return new AuditLog(sink, Objects.requireNonNull(served, "served"), caller);
  }

  /**
   * The same log, whose events name the caller {@code caller} gives when they do not name one themselves (a host that
   * knows who asked, as the gateway does, while the interceptor inside its upstream client does not); {@code null}
   * from it leaves the member out (a listing made for nobody in particular).
   */
  public AuditLog callers(java.util.function.Supplier<String> caller) {
    return new AuditLog(sink, served, Objects.requireNonNull(caller, "caller"));
  }

  /** Records nothing (the default). */
  public static AuditLog none() {
    return new AuditLog(null);
  }

  /** Lines on standard error. */
  public static AuditLog stderr() {
    return to(System.err);
  }

  /** Lines on a stream. */
  public static AuditLog to(PrintStream out) {
    return new AuditLog(line -> {
      out.println(line);
      out.flush();
    });
  }

  /**
   * Lines appended to a file, which is rotated once it holds {@code maxBytes} or more.
   *
   * @throws IllegalArgumentException when {@code maxBytes} is less than 4096
   */
  public static AuditLog file(Path file, long maxBytes) {
    if (maxBytes < 4096) {
      throw new IllegalArgumentException("an audit log needs at least 4096 bytes, not " + maxBytes);
    }
    ReentrantLock lock = new ReentrantLock(); // not synchronized: a virtual thread must not pin around file I/O
    return new AuditLog(line -> {
      byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
      lock.lock();
      try {
        if (Files.exists(file) && Files.size(file) + bytes.length > maxBytes) {
          Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        lock.unlock();
      }
    });
  }

  /** Whether events go anywhere. */
  public boolean enabled() {
    return sink != null;
  }

  /**
   * Starts an event: {@code log.event("blocked").server("calc").tool("add").code("MCP-G012").write()}.
   *
   * @param decision {@code allowed}, {@code blocked}, {@code pin-mismatch}, {@code pinned}, {@code redacted} or
   *     {@code flagged}
   */
  public Entry event(String decision) {
    return new Entry(decision);
  }

  /** One decision being described; {@link #write()} records it (a failure to write goes to stderr, never thrown). */
  public final class Entry {
    private final ObjectNode o = Json.object();

    private Entry(String decision) {
      o.put("time", Instant.now().toString());
      o.put("decision", decision);
    }

    /** Who asked, when the host knows it (the client does not; the gateway does). */
    public Entry caller(String caller) {
      return put("caller", caller);
    }

    /** The server's key (its name in the lock file or host configuration). */
    public Entry server(String server) {
      return put("server", server);
    }

    /** The tool (or {@code prompts/NAME}, {@code resources/URI}, {@code instructions} for other definitions). */
    public Entry tool(String tool) {
      put("tool", tool);
      return tool == null || served == null ? this : put("served", served.apply(tool));
    }

    /** The rule code behind the decision. */
    public Entry code(String code) {
      return put("code", code);
    }

    /** The definition's hash ({@code sha256:...} of its RFC 8785 form). */
    public Entry hash(String hash) {
      return put("hash", hash);
    }

    /** A short explanation. */
    public Entry detail(String detail) {
      return put("detail", detail);
    }

    private Entry put(String key, String value) {
      if (value != null) {
        o.put(key, value);
      }
      return this;
    }

    /** Records the event. */
    public void write() {
      if (sink == null) {
        return;
      }
      try {
        if (caller != null && !o.has("caller")) {
          String who = caller.get();
          if (who != null) {
            o.put("caller", who);
          }
        }
        sink.accept(Json.write(o));
      } catch (RuntimeException ex) {
        System.err.println("mcpkit-guard: cannot write the audit log: " + ex.getMessage());
      }
    }
  }
}
