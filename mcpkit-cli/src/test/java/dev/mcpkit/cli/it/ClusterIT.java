package dev.mcpkit.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.auth.server.testing.HttpUser;
import dev.mcpkit.core.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * What holds without shared sessions: three {@code mcpkit up --store redis://...} instances behind HAProxy
 * (round robin, no stickiness; {@link ClusterTopology}), one public URL. The authorization server's state lives in
 * Redis, so any instance accepts what any other issued; 2026-07-28 calls are self-contained, so any instance serves
 * them. Ordered: the Redis restart, then kill -9 of an instance, come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

  static ClusterTopology cluster;
  static ClusterOAuth oauth;

  @BeforeAll
  static void start() throws Exception {
    cluster = ClusterTopology.start(3, ClusterOAuth.ENV, "up", "--store", ClusterTopology.REDIS);
    oauth = new ClusterOAuth(cluster.url());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static HttpUser.Reply call(String endpoint, String token, int id) {
    try (HttpUser u = new HttpUser()) {
      return u.postRaw(endpoint, "application/json", ClusterOAuth.addNumbers(id), ClusterOAuth.callHeaders(token));
    }
  }

  private static String text(HttpUser.Reply r) {
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return Json.parse(r.body()).path("result").path("content").get(0).path("text").asString();
  }

  @Test
  @Order(1)
  void requestsOfOneClientLandOnSeveralInstances() throws Exception {
    String token = oauth.serviceToken("mcp:read");
    // one client, one keep-alive connection to the balancer: HAProxy still balances each request
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Set<String> instances = new HashSet<>();
    for (int i = 0; i < 9; i++) {
      HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(oauth.resource)).timeout(Duration.ofSeconds(15))
          .POST(HttpRequest.BodyPublishers.ofString(ClusterOAuth.addNumbers(i)));
      rq.header("Content-Type", "application/json");
      ClusterOAuth.callHeaders(token).forEach(rq::header);
      HttpResponse<String> r = client.send(rq.build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      instances.add(r.headers().firstValue("Mcpkit-Instance").orElseThrow());
    }
    assertThat(instances).containsExactlyInAnyOrder("mcpkit1", "mcpkit2", "mcpkit3");
  }

  @Test
  @Order(2)
  void statelessToolsCallThroughTheBalancer() {
    String token = oauth.serviceToken("mcp:read");
    for (int i = 0; i < 6; i++) {
      assertThat(text(call(oauth.resource, token, i))).isEqualTo("0.3");
    }
    // every instance names the public URL, whichever answers: the challenge and the resource metadata
    try (HttpUser u = new HttpUser()) {
      for (int i = 0; i < 3; i++) {
        HttpUser.Reply prm = u.get(cluster.url() + "/.well-known/oauth-protected-resource/mcp");
        assertThat(Json.parse(prm.body()).path("resource").asString()).isEqualTo(oauth.resource);
        assertThat(Json.parse(prm.body()).path("authorization_servers").get(0).asString()).isEqualTo(oauth.issuer);
      }
    }
  }

  @Test
  @Order(3)
  void aTokenFromTheBalancerIsAcceptedByEveryInstance() {
    String service = oauth.serviceToken("mcp:read");
    // the code flow: authorize, login, consent and token, each request on whichever instance HAProxy picks
    JsonNode user = oauth.redeem(oauth.authorize("mcp:read"));
    String userToken = user.path("access_token").asString();
    for (int i = 0; i < cluster.size(); i++) {
      String direct = cluster.instance(i).endpoint().toString();
      assertThat(text(call(direct, service, i))).as("instance " + (i + 1)).isEqualTo("0.3");
      assertThat(text(call(direct, userToken, i))).as("instance " + (i + 1)).isEqualTo("0.3");
    }
    // and a refresh on any instance
    String refreshed = oauth.refresh(user.path("refresh_token").asString()).path("access_token").asString();
    assertThat(text(call(oauth.resource, refreshed, 1))).isEqualTo("0.3");
  }

  @Test
  @Order(4)
  void aRedisRestartWithAofKeepsTheAuthorizationServersState() {
    JsonNode user = oauth.redeem(oauth.authorize("mcp:read"));
    ClusterOAuth.Code pending = oauth.authorize("mcp:read");
    cluster.redis().stop();
    cluster.redis().start(); // same port and directory: the append-only file is read back
    // The instances reconnect by themselves. Until then a request may fail with an error (a pooled connection to the
    // old Redis is found broken on first use: 500 today), never hang: each poll is a bounded request.
    String token = user.path("access_token").asString();
    for (int i = 0; i < cluster.size(); i++) {
      String direct = cluster.instance(i).endpoint().toString();
      Awaitility.await("instance " + (i + 1) + " serving again after the Redis restart").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200)).until(() -> call(direct, token, 1).status() == 200);
    }
    Awaitility.await("six calls in a row through the balancer").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200)).until(() -> {
          for (int i = 0; i < 6; i++) {
            if (call(oauth.resource, token, i).status() != 200) {
              return false;
            }
          }
          return true;
        });
    assertThat(text(call(oauth.resource, token, 7))).isEqualTo("0.3");
    // the refresh token and the code issued before the restart were kept
    assertThat(oauth.refresh(user.path("refresh_token").asString()).path("access_token").asString()).isNotBlank();
    assertThat(oauth.redeem(pending).path("access_token").asString()).isNotBlank();
  }

  @Test
  @Order(5)
  void killMinusNineUnderSteadyLoadLosesNoTokenAndHangsNoRequest() throws Exception {
    String service = oauth.serviceToken("mcp:read");
    JsonNode user = oauth.redeem(oauth.authorize("mcp:read"));
    ClusterOAuth.Code pending = oauth.authorize("mcp:read");

    int clients = 4;
    Duration length = Duration.ofSeconds(8);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger hung = new AtomicInteger();
    AtomicInteger okAfterKill = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      threads.add(Thread.ofVirtual().start(() -> {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < end) {
          int id = sent.incrementAndGet();
          HttpRequest.Builder rq = HttpRequest.newBuilder(URI.create(oauth.resource)).timeout(Duration.ofSeconds(20))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(ClusterOAuth.addNumbers(id)));
          ClusterOAuth.callHeaders(service).forEach(rq::header);
          boolean afterKill = killed.get();
          try {
            HttpResponse<String> r = http.send(rq.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 && r.body().contains("\"text\":\"0.3\"")) {
              ok.incrementAndGet();
              if (afterKill) {
                okAfterKill.incrementAndGet();
              }
            } else {
              failed.incrementAndGet();
              errors.add(r.statusCode() + " " + r.body().substring(0, Math.min(200, r.body().length())));
            }
          } catch (HttpTimeoutException e) {
            hung.incrementAndGet();
          } catch (java.io.IOException e) {
            failed.incrementAndGet(); // the connection the dead instance held: an error, not a hang
            errors.add(e.toString());
          } catch (InterruptedException e) {
            return;
          }
        }
      }));
    }
    Thread.sleep(2000);
    cluster.instance(0).kill(); // SIGKILL: no shutdown hook, no graceful close
    killed.set(true);
    for (Thread t : threads) {
      assertThat(t.join(Duration.ofSeconds(60))).as("a load client finished").isTrue();
    }
    System.out.println("ClusterIT kill -9: sent " + sent.get() + ", succeeded " + ok.get() + " (after the kill "
        + okAfterKill.get() + "), failed with an error " + failed.get() + ", hung " + hung.get() + "; errors: "
        + errors.stream().limit(5).toList());
    assertThat(ok.get() + failed.get() + hung.get()).as("every request accounted for").isEqualTo(sent.get());
    assertThat(hung.get()).as("requests that hung").isZero();
    assertThat(okAfterKill.get()).as("requests served after the kill").isPositive();
    assertThat(cluster.instance(0).isAlive()).isFalse();

    // nothing the dead instance may have issued or held is lost: tokens, refresh token, pending code
    assertThat(text(call(oauth.resource, service, 1))).isEqualTo("0.3");
    assertThat(text(call(oauth.resource, user.path("access_token").asString(), 2))).isEqualTo("0.3");
    for (int i = 1; i < cluster.size(); i++) {
      assertThat(text(call(cluster.instance(i).endpoint().toString(), service, i))).isEqualTo("0.3");
    }
    assertThat(oauth.refresh(user.path("refresh_token").asString()).path("access_token").asString()).isNotBlank();
    assertThat(oauth.redeem(pending).path("access_token").asString()).isNotBlank();
  }
}
