package dev.mcpkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The hooks a cluster's bus uses: a relay hears only the changes published on this server, {@code deliverLocally}
 * reaches the listeners and never the relays (no echo loop), and a relay that fails stays registered.
 */
class ChangeHubRelayTest {

  @Test
  void relaysHearOwnChangesOnlyAndLocalDeliveryNeverReachesThem() {
    ChangeHub hub = McpServer.builder().name("t").version("1").build().changes();
    List<String> heard = new CopyOnWriteArrayList<>();
    List<String> relayed = new CopyOnWriteArrayList<>();
    hub.register((kind, uri) -> heard.add(kind + " " + uri));
    Runnable unrelay = hub.relay((kind, uri) -> relayed.add(kind + " " + uri));

    hub.publish(ChangeHub.Kind.TOOLS, null);
    hub.deliverLocally(ChangeHub.Kind.RESOURCE_UPDATED, "test://elsewhere");

    assertThat(heard).containsExactly("TOOLS null", "RESOURCE_UPDATED test://elsewhere");
    assertThat(relayed).containsExactly("TOOLS null");
    assertThat(hub.size()).as("a relay is not a listener").isEqualTo(1);

    unrelay.run();
    hub.publish(ChangeHub.Kind.PROMPTS, null);
    assertThat(relayed).containsExactly("TOOLS null");
  }

  @Test
  void aRelayThatFailsIsKept() {
    ChangeHub hub = McpServer.builder().name("t").version("1").build().changes();
    List<ChangeHub.Kind> relayed = new CopyOnWriteArrayList<>();
    boolean[] down = {true};
    hub.relay((kind, uri) -> {
      if (down[0]) {
        throw new IllegalStateException("the bus is down");
      }
      relayed.add(kind);
    });
    hub.publish(ChangeHub.Kind.TOOLS, null);
    down[0] = false;
    hub.publish(ChangeHub.Kind.PROMPTS, null);
    assertThat(relayed).containsExactly(ChangeHub.Kind.PROMPTS);
  }
}
