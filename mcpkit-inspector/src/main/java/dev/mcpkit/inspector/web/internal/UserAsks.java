package dev.mcpkit.inspector.web.internal;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequestParams;
import dev.mcpkit.core.schema.ElicitRequestURLParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.Role;
import dev.mcpkit.core.schema.SamplingContent;
import dev.mcpkit.core.schema.TextContent;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a server asks the inspector's user, in both eras (the client hands 2025 server-to-client requests and 2026
 * input requests to the same handlers): a form elicitation, a URL-mode elicitation (the page shows the URL and opens
 * it only after the user confirms; only http and https URLs are offered), and a sampling request (the user writes or
 * approves the reply, or rejects it). Each waits for the user's answer through the page, at most {@link #WAIT}.
 */
final class UserAsks {

  /** How long a request waits for the user before it is cancelled (elicitation) or refused (sampling). */
  static final Duration WAIT = Duration.ofMinutes(10);

  /** What the reply reports as its model when the user wrote it. */
  static final String HUMAN_MODEL = "mcpkit-inspector (written by the user)";

  private final EventLog log;
  private final AtomicLong ids = new AtomicLong();
  private final Map<Long, CompletableFuture<ElicitResult>> elicitations = new ConcurrentHashMap<>();
  private final Set<Long> urlElicitations = ConcurrentHashMap.newKeySet();
  private final Map<Long, CompletableFuture<CreateMessageResult>> samplings = new ConcurrentHashMap<>();

  UserAsks(EventLog log) {
    this.log = log;
  }

  /** The client's handlers: elicitation (form and URL mode) and sampling, answered by the user in the page. */
  ClientHandlers handlers() {
    return ClientHandlers.none().withElicitation(this::elicit).withSampling(this::sample).withUrlElicitation(true);
  }

  /**
   * Answers a waiting elicitation; false when there is none with this id (answered, timed out, or never asked). A
   * URL-mode elicitation takes no content: "accept" says the user opened the URL.
   */
  boolean answerElicitation(long id, String action, tools.jackson.databind.node.ObjectNode content) {
    CompletableFuture<ElicitResult> f = elicitations.remove(id);
    if (f == null) {
      return false;
    }
    boolean url = urlElicitations.remove(id);
    f.complete(new ElicitResult(action, "accept".equals(action) && !url ? content : null, null));
    log.add("elicitation-answered", e -> e.put("id", id).put("action", action));
    return true;
  }

  /**
   * Answers a waiting sampling request with the user's text (a {@code null} text rejects it); false when there is
   * none with this id.
   */
  boolean answerSampling(long id, String text, String model) {
    CompletableFuture<CreateMessageResult> f = samplings.remove(id);
    if (f == null) {
      return false;
    }
    if (text == null) {
      f.completeExceptionally(new Rejected());
    } else {
      f.complete(new CreateMessageResult(Role.ASSISTANT, SamplingContent.of(new TextContent(text, null, null)),
          model == null || model.isBlank() ? HUMAN_MODEL : model, "endTurn", null));
    }
    log.add("sampling-answered", e -> e.put("id", id).put("action", text == null ? "reject" : "send"));
    return true;
  }

  /** Cancels everything still waiting (the connection closes). */
  void cancelAll() {
    elicitations.values().forEach(f -> f.complete(new ElicitResult("cancel", null, null)));
    elicitations.clear();
    urlElicitations.clear();
    samplings.values().forEach(f -> f.completeExceptionally(new Rejected()));
    samplings.clear();
  }

  private ElicitResult elicit(ElicitRequestParams params) {
    long id = ids.incrementAndGet();
    if (params instanceof ElicitRequestURLParams u) {
      if (!webUrl(u.url())) {
        // only a web page is ever opened: another scheme could start a local program
        log.add("warning", e -> e.put("message", "a URL-mode elicitation for a URL that is not http(s) was declined"));
        return new ElicitResult("decline", null, null);
      }
      urlElicitations.add(id);
    }
    CompletableFuture<ElicitResult> f = new CompletableFuture<>();
    elicitations.put(id, f);
    log.add("elicitation", e -> {
      e.put("id", id);
      e.put("mode", params instanceof ElicitRequestURLParams ? "url" : "form");
      e.set("params", Json.tree(params));
    });
    try {
      return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      elicitations.remove(id);
      urlElicitations.remove(id);
      return new ElicitResult("cancel", null, null);
    } finally {
      urlElicitations.remove(id);
    }
  }

  private CreateMessageResult sample(CreateMessageRequestParams params) {
    long id = ids.incrementAndGet();
    CompletableFuture<CreateMessageResult> f = new CompletableFuture<>();
    samplings.put(id, f);
    log.add("sampling", e -> {
      e.put("id", id);
      e.set("params", Json.tree(params));
    });
    try {
      return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new Rejected();
    } catch (Exception e) {
      samplings.remove(id);
      throw new Rejected();
    }
  }

  /** An http(s) URL with a host. */
  static boolean webUrl(String url) {
    try {
      URI u = URI.create(url == null ? "" : url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && u.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The user rejected a sampling request (or left it unanswered): the client answers the server with an error. */
  static final class Rejected extends RuntimeException {
    Rejected() {
      super("the user rejected the sampling request", null, false, false);
    }

    @Override
    public String toString() {
      return getMessage(); // the client's warning quotes it in the live view: no Java class name there
    }
  }
}
