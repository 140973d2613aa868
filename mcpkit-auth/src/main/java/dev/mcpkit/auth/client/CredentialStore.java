package dev.mcpkit.auth.client;

import dev.mcpkit.auth.oauth.Scopes;
import dev.mcpkit.core.files.LocalFiles;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.json.JsonErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where the OAuth client keeps client registrations (per authorization-server issuer), tokens (per
 * issuer and resource) and which issuer and resource each MCP server URL uses. {@link #file(Path)}
 * writes one JSON file readable only by its owner (0600, in a directory created 0700; a looser file
 * is tightened on load), replaced atomically and locked against concurrent {@code mcpkit}
 * processes; {@link #memory()} keeps everything in this process.
 *
 * <p>The file holds refresh tokens and client secrets in clear text, protected by the file system
 * (like {@code ~/.ssh} or the credential files of other command-line tools); nothing here ever
 * logs a token or a secret.
 */
public abstract class CredentialStore {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

  /** Which authorization server and resource identifier a server URL was last authorized with. */
  public record ServerBinding(String server, String issuer, String resource) {}

  private CredentialStore() {}

  /** A store in memory only (the conformance client, tests, or a process that must not write files). */
  public static CredentialStore memory() {
    return new Memory();
  }

  /** A store in {@code file} (created on first write). */
  public static CredentialStore file(Path file) {
    return new FileStore(file);
  }

  /** {@code ~/.mcpkit/credentials.json}, or the file named by the environment variable {@code MCPKIT_CREDENTIALS}. */
  public static Path defaultPath() {
    String env = System.getenv("MCPKIT_CREDENTIALS");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    return Path.of(System.getProperty("user.home"), ".mcpkit", "credentials.json");
  }

  /** Reads the whole document (a copy). */
  abstract ObjectNode load();

  /** Changes the document atomically. */
  abstract void update(Consumer<ObjectNode> change);

  // ---- typed access ---------------------------------------------------------------------------

  /**
   * @param issuer the authorization server's issuer
   * @return the client registration kept for it, if any
   */
  public Optional<StoredClient> client(String issuer) {
    JsonNode c = load().path("clients").path(issuer);
    if (!c.isObject()) {
      return Optional.empty();
    }
    return Optional.of(new StoredClient(str(c, "client_id"), str(c, "client_secret"), str(c, "token_endpoint_auth_method"),
        str(c, "registration"), str(c, "token_endpoint"), str(c, "revocation_endpoint")));
  }

  /**
   * Keeps (or replaces) the client registration for {@code issuer}.
   *
   * @param issuer the authorization server's issuer
   * @param c the registration
   */
  public void saveClient(String issuer, StoredClient c) {
    update(root -> {
      ObjectNode o = obj(root, "clients").putObject(issuer);
      put(o, "client_id", c.clientId());
      put(o, "client_secret", c.clientSecret());
      put(o, "token_endpoint_auth_method", c.authMethod());
      put(o, "registration", c.registration());
      put(o, "token_endpoint", c.tokenEndpoint());
      put(o, "revocation_endpoint", c.revocationEndpoint());
    });
  }

  /**
   * Forgets the client registration for {@code issuer} (for example after the server no longer knows it).
   *
   * @param issuer the authorization server's issuer
   */
  public void removeClient(String issuer) {
    update(root -> obj(root, "clients").remove(issuer));
  }

  /**
   * @param issuer the authorization server's issuer
   * @param resource the protected resource identifier
   * @return the tokens kept for that pair, if any
   */
  public Optional<StoredGrant> grant(String issuer, String resource) {
    JsonNode g = load().path("grants").path(issuer).path(resource);
    if (!g.isObject() || str(g, "access_token") == null) {
      return Optional.empty();
    }
    return Optional.of(new StoredGrant(str(g, "access_token"), instant(g, "expires_at"), str(g, "refresh_token"),
        Scopes.parse(str(g, "scope")), Scopes.parse(str(g, "requested_scope")), instant(g, "obtained_at")));
  }

  /**
   * Keeps (or replaces) the tokens for an issuer and resource.
   *
   * @param issuer the authorization server's issuer
   * @param resource the protected resource identifier
   * @param g the tokens and their scopes
   */
  public void saveGrant(String issuer, String resource, StoredGrant g) {
    update(root -> {
      ObjectNode o = obj(obj(root, "grants"), issuer).putObject(resource);
      put(o, "access_token", g.accessToken());
      if (g.expiresAt() != null) {
        o.put("expires_at", g.expiresAt().getEpochSecond());
      }
      put(o, "refresh_token", g.refreshToken());
      put(o, "scope", Scopes.join(g.scopes()));
      put(o, "requested_scope", Scopes.join(g.requestedScopes()));
      if (g.obtainedAt() != null) {
        o.put("obtained_at", g.obtainedAt().getEpochSecond());
      }
    });
  }

  /**
   * Forgets the tokens for an issuer and resource.
   *
   * @param issuer the authorization server's issuer
   * @param resource the protected resource identifier
   */
  public void removeGrant(String issuer, String resource) {
    update(root -> {
      JsonNode byIssuer = root.path("grants").path(issuer);
      if (byIssuer instanceof ObjectNode o) {
        o.remove(resource);
        if (o.isEmpty()) {
          obj(root, "grants").remove(issuer);
        }
      }
    });
  }

  /**
   * @param server the MCP server URL
   * @return the issuer and resource it was last authorized with, if any
   */
  public Optional<ServerBinding> binding(String server) {
    JsonNode b = load().path("servers").path(server);
    if (!b.isObject()) {
      return Optional.empty();
    }
    return Optional.of(new ServerBinding(server, str(b, "issuer"), str(b, "resource")));
  }

  /**
   * @return every server URL's binding, in the order the store holds them
   */
  public List<ServerBinding> bindings() {
    List<ServerBinding> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : load().path("servers").properties()) {
      out.add(new ServerBinding(e.getKey(), str(e.getValue(), "issuer"), str(e.getValue(), "resource")));
    }
    return out;
  }

  /**
   * Records (or replaces) which issuer and resource a server URL uses.
   *
   * @param b the binding
   */
  public void bind(ServerBinding b) {
    update(root -> {
      ObjectNode o = obj(root, "servers").putObject(b.server());
      o.put("issuer", b.issuer());
      o.put("resource", b.resource());
    });
  }

  /**
   * Forgets the binding of a server URL (its client registration and tokens stay).
   *
   * @param server the MCP server URL
   */
  public void unbind(String server) {
    update(root -> obj(root, "servers").remove(server));
  }

  private static ObjectNode obj(ObjectNode parent, String name) {
    JsonNode n = parent.get(name);
    return n instanceof ObjectNode o ? o : parent.putObject(name);
  }

  private static void put(ObjectNode o, String k, String v) {
    if (v != null) {
      o.put(k, v);
    }
  }

  private static String str(JsonNode n, String k) {
    JsonNode v = n.path(k);
    return v.isString() ? v.asString() : null;
  }

  /**
   * A time stored as epoch seconds, or {@code null} when absent. The file can be edited by hand or
   * damaged: a value that is no time a clock holds (a string, 1e400, 2^63) reads as an instant long
   * past, so an expiry it stood for is due now (the grant is refreshed) rather than never.
   */
  private static Instant instant(JsonNode n, String k) {
    JsonNode v = n.path(k);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    OptionalLong s = Json.wholeNumber(v);
    boolean valid = s.isPresent() && s.getAsLong() >= Instant.MIN.getEpochSecond()
        && s.getAsLong() <= Instant.MAX.getEpochSecond();
    return valid ? Instant.ofEpochSecond(s.getAsLong()) : Instant.EPOCH;
  }

  static ObjectNode empty() {
    ObjectNode o = OAuthHttp.JSON.createObjectNode();
    o.put("version", 1);
    return o;
  }

  private static final class Memory extends CredentialStore {
    private ObjectNode root = empty();

    @Override
    synchronized ObjectNode load() {
      return root.deepCopy();
    }

    @Override
    synchronized void update(Consumer<ObjectNode> change) {
      ObjectNode copy = root.deepCopy();
      change.accept(copy);
      root = copy;
    }
  }

  private static final class FileStore extends CredentialStore {
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private final Path file;
    private final Path lockFile;

    FileStore(Path file) {
      this.file = file.toAbsolutePath();
      this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    }

    @Override
    synchronized ObjectNode load() {
      try {
        return withLock(false, this::read);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the credential file " + file, e);
      }
    }

    @Override
    synchronized void update(Consumer<ObjectNode> change) {
      try {
        withLock(true, () -> {
          ObjectNode root = read();
          change.accept(root);
          write(root);
          return null;
        });
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the credential file " + file, e);
      }
    }

    private interface IoSupplier<T> {
      T get() throws IOException;
    }

    private <T> T withLock(boolean create, IoSupplier<T> body) throws IOException {
      if (!create && !Files.exists(file)) {
        return body.get();
      }
      ensureDirectory();
      try (FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
          fileAttributes());
          FileLock ignored = ch.lock()) {
        return body.get();
      }
    }

    private void ensureDirectory() throws IOException {
      Path dir = file.getParent();
      if (!Files.isDirectory(dir)) {
        if (posix()) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
        } else {
          Files.createDirectories(dir);
        }
      }
    }

    private ObjectNode read() throws IOException {
      if (!Files.exists(file)) {
        return empty();
      }
      tighten();
      JsonNode n;
      try {
        n = Json.parse(LocalFiles.read(file, "the credential file"));
      } catch (JacksonException e) {
        throw new IOException("the credential file " + file + " is not valid JSON: " + JsonErrors.describe(e)
            + " (fix or delete it)");
      }
      return n instanceof ObjectNode o ? o : empty();
    }

    /** A credential file others can read is made private (and that is said once in the log). */
    private void tighten() throws IOException {
      if (!posix()) {
        return;
      }
      Set<PosixFilePermission> p = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!p.equals(FILE)) {
        Files.setPosixFilePermissions(file, FILE);
        LOG.warn("the credential file {} was readable by others; its permissions are now 0600", file);
      }
    }

    private void write(ObjectNode root) throws IOException {
      Path tmp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
      Files.deleteIfExists(tmp);
      try {
        Files.createFile(tmp, fileAttributes()); // private from its first byte
      } catch (FileAlreadyExistsException e) {
        throw new IOException("a temporary credential file is in the way: " + tmp, e);
      }
      Files.write(tmp, OAuthHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root),
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }

    private FileAttribute<?>[] fileAttributes() {
      return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    private boolean posix() {
      return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
  }
}
