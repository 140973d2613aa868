package dev.mcpkit.gateway.internal;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.McpClientException;
import dev.mcpkit.client.RequestOptions;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.schema.CreateMessageRequest;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequest;
import dev.mcpkit.core.schema.ElicitRequestParams;
import dev.mcpkit.core.schema.ElicitRequestURLParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.InputResponse;
import dev.mcpkit.core.schema.ListRootsRequest;
import dev.mcpkit.core.schema.ListRootsResult;
import dev.mcpkit.core.schema.Root;
import dev.mcpkit.server.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Carries what an upstream sends in the middle of a request to the downstream client that made it, in that client's
 * era: its questions (elicitation, sampling, roots: a 2025 server-to-client request, or an {@code
 * InputRequiredResult} whose retry continues the held upstream request), its log messages and (through {@link Link})
 * its progress. One per upstream connection.
 *
 * <p>Which downstream request an upstream message belongs to: the upstream client reads a request's answer stream
 * (2025 and 2026 Streamable HTTP) and runs the MRTR rounds (2026) on threads started from the thread that made the
 * request, so an inheritable thread-local names it. A message that arrives elsewhere (a stdio upstream's reader, a
 * 2025 GET stream) goes to the one request in flight on this connection; with several in flight it has no owner: a
 * question is then declined (elicitation) or refused, and a log message is dropped.
 */
final class Relay {

  private static final InheritableThreadLocal<Pending> CURRENT = new InheritableThreadLocal<>();

  private final String upstream;
  private final HeldCalls held;
  private final Set<Pending> inFlight = ConcurrentHashMap.newKeySet();

  Relay(String upstream, HeldCalls held) {
    this.upstream = upstream;
    this.held = held;
  }

  /**
   * The handlers the upstream client answers the upstream's questions with: all three kinds, and both elicitation
   * modes, are relayed (so declared upstream); a downstream client that lacks the capability gets the error of its era.
   */
  private volatile tools.jackson.databind.node.ObjectNode capabilities;

  /**
   * The client capabilities {@link #handlers()} declare, as JSON (read only): the same for every request, so made
   * once rather than per routed call (a builder, its handlers and a tree conversion each time).
   */
  tools.jackson.databind.node.ObjectNode capabilities() {
    tools.jackson.databind.node.ObjectNode c = capabilities;
    if (c == null) {
      c = (tools.jackson.databind.node.ObjectNode) dev.mcpkit.core.json.Json.tree(handlers().capabilities());
      capabilities = c;
    }
    return c;
  }

  ClientHandlers handlers() {
    return ClientHandlers.none().withUrlElicitation(true)
        .withElicitation(params -> {
          Pending p = current();
          if (p == null || p.inline) {
            return new ElicitResult("decline", null, null); // nobody to ask
          }
          return (ElicitResult) ask(p, new ElicitRequest(params));
        })
        .withSampling(params -> (CreateMessageResult) ask(owner(), new CreateMessageRequest(params)))
        .withRoots(() -> {
          InputResponse r = ask(owner(), new ListRootsRequest(null));
          List<Root> roots = ((ListRootsResult) r).roots();
          return roots == null ? List.of() : roots;
        });
  }

  /** An upstream notification: log messages go to the downstream request they belong to, in its era. */
  void notification(ServerNotification n) {
    if (n instanceof ServerNotification.LogMessage m) {
      Pending p = current();
      RequestContext ctx = p == null ? null : p.ctx;
      if (ctx != null) {
        ctx.log(m.level(), m.logger(), m.data()); // the downstream server filters by the level its client asked for
      }
    }
  }

  /**
   * Runs one upstream request for the downstream request {@code ctx}, relaying the upstream's questions; when {@code
   * resumable}, a 2026 downstream client's retry continues the upstream request its input keys name ({@link
   * HeldCalls#resume}: same caller, same {@code binding}); a pass-through ({@link PassThrough}) holds nothing, and
   * its keys are the upstream's. A {@code quiet} request, one whose upstream asks nothing the gateway would relay,
   * runs {@link #inline}.
   */
  @SuppressWarnings("unchecked")
  <T> T run(java.util.function.Supplier<String> binding, RequestContext ctx, boolean resumable, boolean quiet,
      Function<Consumer<RequestOptions.Progress>, T> request) throws InterruptedException, ExecutionException {
    if (quiet) {
      return inline(binding, ctx, request);
    }
    String caller = ctx.caller().map(c -> c.subject() + "\n" + c.clientId()).orElse("");
    Pending p = resumable ? held.resume(ctx.answeredInputs(), caller, binding) : null;
    boolean fresh = p == null;
    if (fresh) {
      p = held.open(caller, binding);
    }
    p.ctx = ctx;
    if (fresh) {
      start(p, request);
    }
    boolean stateless = Era.of(ctx.protocolVersion()).usesInputRequiredResults();
    try {
      while (true) {
        Pending.Question q = p.asked;
        if (q == null) {
          Object e = p.events.take();
          if (e == Pending.DONE) {
            return (T) p.call.get();
          }
          q = (Pending.Question) e;
          p.asked = q;
        }
        if (q.answer().isDone()) { // cancelled by the upstream client meanwhile
          p.asked = null;
          continue;
        }
        Map<String, InputResponse> answers;
        try {
          answers = ctx.ask(Map.of(q.key(), downstream(q.request(), stateless)));
        } catch (Error ended) {
          // A 2026 downstream client: this attempt ends with an InputRequiredResult (mcpkit-server signals it with
          // an Error, so that handlers catching Exception cannot swallow it); the upstream request waits for the
          // retry. A failing JVM ends the request instead.
          if (!stateless || p.finished() || ended instanceof VirtualMachineError) {
            throw ended;
          }
          held.hold(p, upstream);
          p = null; // held: not cancelled below
          throw ended;
        }
        p.asked = null;
        q.answer().complete(answers.get(q.key()));
      }
    } catch (InterruptedException | RuntimeException | Error e) {
      if (p != null) {
        p.cancel(); // the downstream request ended without its result: so does the upstream one
      }
      throw e;
    } finally {
      if (p != null && p.finished()) {
        inFlight.remove(p);
      }
    }
  }

  /**
   * Runs a request that relays no question on the downstream request's own thread: the common case, without a thread
   * started and events handed over per call. An upstream question that arrives anyway is refused ({@link #ask}); log
   * messages and progress still reach the caller (the upstream client's threads, started from this one, inherit the
   * request); a downstream cancellation interrupts this thread, and the client cancels the upstream request.
   */
  private <T> T inline(java.util.function.Supplier<String> binding, RequestContext ctx,
      Function<Consumer<RequestOptions.Progress>, T> request) throws InterruptedException, ExecutionException {
    Pending p = held.open("", binding);
    p.ctx = ctx;
    p.inline = true;
    Pending outer = CURRENT.get();
    CURRENT.set(p);
    inFlight.add(p);
    try {
      T r = request.apply(progress(p));
      p.call.complete(r);
      return r;
    } catch (RuntimeException | Error e) {
      p.call.completeExceptionally(e);
      if (Thread.interrupted()) { // cancelled downstream: the client has cancelled the upstream request
        throw new InterruptedException("the request was cancelled");
      }
      throw new ExecutionException(e);
    } finally {
      inFlight.remove(p);
      CURRENT.set(outer);
    }
  }

  /** Progress of the upstream request, to the downstream attempt being served now (a retry has its own token). */
  private static Consumer<RequestOptions.Progress> progress(Pending p) {
    return x -> {
      RequestContext c = p.ctx;
      if (c != null) {
        c.progress(x.progress(), x.total(), x.message());
      }
    };
  }

  private void start(Pending p, Function<Consumer<RequestOptions.Progress>, ?> request) {
    Consumer<RequestOptions.Progress> progress = progress(p);
    inFlight.add(p);
    p.call.whenComplete((r, e) -> {
      p.events.add(Pending.DONE);
      inFlight.remove(p);
    });
    p.runner = Thread.ofVirtual().name("mcpkit-gateway-" + upstream).start(() -> {
      CURRENT.set(p); // inherited by the client threads that read this request's stream and answer its questions
      try {
        p.call.complete(request.apply(progress));
      } catch (RuntimeException | Error e) {
        p.call.completeExceptionally(e);
      }
    });
  }

  /** The request an upstream message belongs to, or {@code null}. */
  private Pending current() {
    Pending p = CURRENT.get();
    if (p != null && !p.finished()) {
      return p;
    }
    List<Pending> open = inFlight.stream().filter(x -> !x.finished()).limit(2).toList();
    return open.size() == 1 ? open.get(0) : null;
  }

  private Pending owner() {
    Pending p = current();
    if (p == null) {
      throw new McpClientException("the gateway cannot tell which of its callers this request is for");
    }
    return p;
  }

  /** Hands a question to the downstream request's thread and waits for the answer (on an upstream client thread). */
  private InputResponse ask(Pending p, InputRequest request) {
    if (p.inline) { // nobody takes questions for it: its upstream returns them as its result, or was told not to ask
      throw new McpClientException("the gateway relays no question for this request");
    }
    Pending.Question q = new Pending.Question(p.nextKey(), request, new CompletableFuture<>());
    p.events.add(q);
    try {
      return q.answer().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new McpClientException("the request was cancelled");
    } catch (CancellationException e) {
      throw new McpClientException("the downstream request ended before it was answered");
    } catch (ExecutionException e) {
      throw new McpClientException("the downstream client could not answer: " + e.getCause().getMessage());
    }
  }

  /**
   * A question as the downstream era has it: a URL-mode elicitation has an {@code elicitationId} in 2025-11-25 only
   * (dropped for a 2026-07-28 client; made up for a 2025 client when a 2026 upstream sent none).
   */
  private static InputRequest downstream(InputRequest r, boolean stateless) {
    if (r instanceof ElicitRequest e && e.params() instanceof ElicitRequestURLParams u) {
      String id = stateless ? null : u.elicitationId() != null ? u.elicitationId()
          : "gw-" + java.util.UUID.randomUUID();
      ElicitRequestParams params = new ElicitRequestURLParams(u.mode(), u.message(), u.url(), id, null, u.meta());
      return new ElicitRequest(params);
    }
    return r;
  }
}
