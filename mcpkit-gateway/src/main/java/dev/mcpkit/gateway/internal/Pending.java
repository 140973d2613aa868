package dev.mcpkit.gateway.internal;

import dev.mcpkit.core.schema.InputRequest;
import dev.mcpkit.core.schema.InputResponse;
import dev.mcpkit.server.RequestContext;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One upstream request made for one downstream request. The upstream's questions (elicitation, sampling, roots) and
 * the end of the upstream request arrive here as events, from the upstream client's threads; the downstream
 * request's own thread takes them and asks the downstream client in its era ({@link Relay}). Between the rounds of a
 * 2026-07-28 downstream client the upstream request is held ({@link HeldCalls}) and this object outlives the
 * downstream attempt that started it.
 */
final class Pending {

  /** The end of the upstream request (its result or failure is in {@link #call}). */
  static final Object DONE = new Object();

  /** A question of the upstream, under the input key it has downstream; {@code answer} goes back upstream. */
  record Question(String key, InputRequest request, CompletableFuture<InputResponse> answer) {}

  // the id and the binding are made when first needed (a question asked, a call held or resumed): most calls need
  // neither, and they cost a random token and the arguments written as JSON
  private final java.util.function.Supplier<String> idOf;
  private final java.util.function.Supplier<String> bindingOf;
  private String id;
  private String binding;
  final String caller;
  final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  final CompletableFuture<Object> call = new CompletableFuture<>();
  private final AtomicInteger rounds = new AtomicInteger();
  volatile RequestContext ctx; // the downstream attempt being served; null while held
  volatile Question asked; // handed to the downstream client and not answered yet
  volatile Thread runner;
  /** Run on the downstream request's thread ({@link Relay}): no question is taken from {@link #events}. */
  volatile boolean inline;
  volatile boolean held;
  volatile int holds; // how often it was held: a timer releases only the hold it was started for

  Pending(java.util.function.Supplier<String> id, String caller, java.util.function.Supplier<String> binding) {
    this.idOf = id;
    this.caller = caller;
    this.bindingOf = binding;
  }

  /** Its id: the instance and a random token ({@link HeldCalls#open}). */
  synchronized String id() {
    if (id == null) {
      id = idOf.get();
    }
    return id;
  }

  /** The method and target of the request, and its arguments: a retry that continues it must have the same. */
  synchronized String binding() {
    if (binding == null) {
      binding = bindingOf.get();
    }
    return binding;
  }

  /** The input key of the next question: it names the instance and the held call ({@code id}), never reused. */
  String nextKey() {
    return id() + "." + rounds.incrementAndGet();
  }

  boolean finished() {
    return call.isDone();
  }

  /** Ends the upstream request (a cancellation on the wire) and fails the questions still open. */
  void cancel() {
    Thread t = runner;
    call.cancel(false);
    if (t != null) {
      t.interrupt(); // the client cancels an interrupted request upstream
    }
    Question q = asked;
    if (q != null) {
      q.answer().cancel(false);
    }
    for (Object e : events) {
      if (e instanceof Question open) {
        open.answer().cancel(false);
      }
    }
  }
}
