package dev.mcpkit.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.Subscription;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Resource;
import dev.mcpkit.core.schema.SubscriptionFilter;
import dev.mcpkit.core.schema.TextResourceContents;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.McpServerBuilder;
import dev.mcpkit.server.ResourceWatcher;
import dev.mcpkit.server.ServerResource;
import dev.mcpkit.server.ServerResourceTemplate;
import dev.mcpkit.server.http.McpHttpServer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resource subscriptions through the gateway: it declares {@code resources.subscribe}, subscribes upstream (in the
 * upstream's era) while at least one downstream client (a 2025 session or a 2026 listen stream) subscribes to a
 * served URI, passes the upstream's {@code notifications/resources/updated} on under the served URI, and ends the
 * upstream subscription when the last downstream subscriber leaves (unsubscribes, closes its stream or its session).
 */
class GatewayResourceUpdatesTest {

  /** Records what an upstream's clients subscribe to (mcpkit-server's {@link ResourceWatcher}). */
  static final class Watched implements ResourceWatcher {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void watch(String uri) {
      events.add("+" + uri);
    }

    @Override
    public void unwatch(String uri) {
      events.add("-" + uri);
    }
  }

  static McpServer upstream(String name, String era, Watched watched) {
    McpServerBuilder b = McpServer.builder().name(name).resourceWatcher(watched)
        .resource(ServerResource.builder("notes://a", "a").mimeType("text/plain").text(name + " a").build())
        .resourceTemplate(ServerResourceTemplate.builder("notes://items/{id}", "item").reader(read ->
            List.of(new TextResourceContents(read.uri(), "text/plain", "item", null))).build());
    if (era.equals("2025")) {
      b.versions(Set.of(ProtocolVersion.V2025_11_25));
    }
    return b.build();
  }

  private static void awaitEvents(Watched w, String... events) {
    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(w.events).containsExactly(events));
  }

  @ParameterizedTest(name = "a {0} upstream")
  @ValueSource(strings = {"2026", "2025"})
  void updatesReachSubscribersOfBothErasWhileTheySubscribe(String era) throws Exception {
    Watched watched = new Watched();
    McpServer upstream = upstream("up", era, watched);
    List<ServerNotification> seen2025 = new CopyOnWriteArrayList<>();
    List<ServerNotification> seen2026 = new CopyOnWriteArrayList<>();
    SubscriptionFilter a = new SubscriptionFilter(null, null, null, List.of("notes://a"));
    try (McpHttpServer up = McpHttpServer.builder(upstream).port(0).build().start();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.builder("up", Upstreams.http("up", up.endpoint().toString())).prefix("").build())
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient old = McpClient.builder().url(front.endpoint().toString())
            .protocolVersion(ProtocolVersion.V2025_11_25).connect();
        McpClient modern = McpClient.connect(front.endpoint().toString())) {
      assertThat(old.serverInfo().capabilities().resources().subscribe()).isTrue();
      Subscription s2025 = old.listen(a, seen2025::add);
      Subscription s2026 = modern.listen(a, seen2026::add);
      assertThat(s2026.acknowledged().resourceSubscriptions()).containsExactly("notes://a");
      awaitEvents(watched, "+notes://a"); // one upstream subscription for both downstream subscribers

      upstream.resourceUpdated("notes://a");
      ServerNotification updated = new ServerNotification.ResourceUpdated("notes://a");
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen2025.contains(updated)
          && seen2026.contains(updated));

      s2025.close(); // resources/unsubscribe: the 2026 stream still listens
      s2026.close(); // the last one: the gateway ends its upstream subscription
      awaitEvents(watched, "+notes://a", "-notes://a");

      // a URI of a template is followed too, and a 2025 session that ends takes its subscriptions with it
      old.listen(new SubscriptionFilter(null, null, null, List.of("notes://items/7")), seen2025::add);
      awaitEvents(watched, "+notes://a", "-notes://a", "+notes://items/7");
      seen2025.clear();
      upstream.resourceUpdated("notes://items/7");
      Awaitility.await().atMost(Duration.ofSeconds(10))
          .until(() -> seen2025.contains(new ServerNotification.ResourceUpdated("notes://items/7")));
      old.close();
      awaitEvents(watched, "+notes://a", "-notes://a", "+notes://items/7", "-notes://items/7");
    }
  }

  @Test
  void aRewrittenUriIsFollowedUnderTheUpstreamsOwnUriAndPassedOnUnderTheServedOne() throws Exception {
    Watched first = new Watched();
    Watched second = new Watched();
    McpServer b = upstream("b", "2026", second);
    List<ServerNotification> seen = new CopyOnWriteArrayList<>();
    try (McpHttpServer upA = McpHttpServer.builder(upstream("a", "2026", first)).port(0).build().start();
        McpHttpServer upB = McpHttpServer.builder(b).port(0).build().start();
        Gateway gw = Gateway.builder()
            .upstream(Upstream.builder("a", Upstreams.http("a", upA.endpoint().toString())).prefix("").build())
            .upstream(Upstream.builder("b", Upstreams.http("b", upB.endpoint().toString())).prefix("").build())
            .build();
        McpHttpServer front = McpHttpServer.builder(gw.server()).port(0).build().start();
        McpClient c = McpClient.connect(front.endpoint().toString())) {
      String served = c.listAllResources().stream().map(Resource::uri).filter(u -> !u.equals("notes://a"))
          .findFirst().orElseThrow();
      assertThat(served).startsWith("mcpkit-gateway://b/");
      try (Subscription s = c.listen(new SubscriptionFilter(null, null, null, List.of(served)), seen::add)) {
        awaitEvents(second, "+notes://a");
        assertThat(first.events).isEmpty();
        b.resourceUpdated("notes://a");
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> seen.contains(new ServerNotification.ResourceUpdated(served)));
      }
      awaitEvents(second, "+notes://a", "-notes://a");
    }
  }
}
