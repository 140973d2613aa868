package dev.mcpkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.server.testing.HttpFixture;
import dev.mcpkit.server.testing.TestTools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.junit.jupiter.api.Test;

/**
 * The handler chain McpHttpServer gives Jetty is non-blocking, so Jetty runs it on the thread that
 * read the request (the selector) and the MCP handler's own virtual thread is the request's only thread hop. A chain
 * that called itself blocking (Jetty's default, changeable sequence did, whatever it held) made Jetty hand every
 * request to a pool thread first, which then only started the virtual thread.
 */
class HandlerChainTest {

  @Test
  void jettyRunsTheChainOnTheThreadThatReadTheRequest() throws Exception {
    AtomicReference<String> stack = new AtomicReference<>();
    // A non-blocking handler of the application's own, behind the MCP endpoint, at another path: it sees the
    // thread Jetty runs the whole chain on.
    Handler probe = new Handler.Abstract.NonBlocking() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        if (!Request.getPathInContext(request).equals("/probe")) {
          return false;
        }
        stack.set(Arrays.toString(Thread.currentThread().getStackTrace()));
        response.setStatus(204);
        callback.succeeded();
        return true;
      }
    };
    try (HttpFixture f = HttpFixture.start(TestTools.server().build(), b -> b.handler(probe))) {
      assertThat(f.http.handler().getInvocationType()).isEqualTo(InvocationType.NON_BLOCKING);
      HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + f.port() + "/probe")).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(r.statusCode()).isEqualTo(204);
      // Run by the thread that produced the task from the selector (Jetty's produce-consume mode), not handed to
      // a pool thread (produce-execute-consume) nor run after handing production to another (execute-produce-consume).
      assertThat(stack.get()).contains("AdaptiveExecutionStrategy.pcRunTask(");
      // And the MCP endpoint still answers through the same chain.
      assertThat(f.client.call(1, "echo", Json.object().put("message", "m")).send().result().path("content").path(0)
          .path("text").asString()).isEqualTo("m");
    }
  }
}
