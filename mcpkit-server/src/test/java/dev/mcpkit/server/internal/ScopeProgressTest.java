package dev.mcpkit.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonrpc.JsonRpcCodec;
import dev.mcpkit.core.jsonrpc.JsonRpcNotification;
import dev.mcpkit.core.protocol.Methods;
import dev.mcpkit.core.schema.ProgressNotificationParams;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@link Scope#progressParams} builds the tree that {@link ProgressNotificationParams} converts to, so a progress
 * notification is the same bytes on the wire as when the record was converted for every notification.
 */
class ScopeProgressTest {

  @Test
  void progressParamsAreTheRecordsTreeAndBytes() {
    List<JsonNode> tokens = List.of(Json.parse("\"p1\""), Json.parse("7"), Json.parse("12345678901234"));
    double[] values = {0, 1, 50, 0.5, 1.0 / 3, -2, 1e15, 1e16, 123456.789, Double.MIN_VALUE};
    Double[] totals = {null, 1.0, 100.0, 2.5};
    String[] messages = {null, "echoing", "h\u00e9 \"quoted\" \u2028"};
    int compared = 0;
    for (JsonNode token : tokens) {
      for (double progress : values) {
        for (Double total : totals) {
          for (String message : messages) {
            JsonNode expected = Json.tree(new ProgressNotificationParams(token, number(progress),
                total == null ? null : number(total), message, null));
            JsonNode made = Scope.progressParams(token, progress, total, message);
            assertThat(made).isEqualTo(expected);
            assertThat(new String(JsonRpcCodec.write(new JsonRpcNotification(Methods.NOTIFICATION_PROGRESS,
                Scope.progressParams(token, progress, total, message)))))
                .isEqualTo(new String(JsonRpcCodec.write(JsonRpcCodec.notification(Methods.NOTIFICATION_PROGRESS,
                    new ProgressNotificationParams(token, number(progress), total == null ? null : number(total),
                        message, null)))));
            compared++;
          }
        }
      }
    }
    assertThat(compared).isEqualTo(3 * 10 * 4 * 3);
  }

  /** What Scope converted a value to before it built the tree itself: whole numbers as integers. */
  private static Number number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Number) (long) d : BigDecimal.valueOf(d);
  }
}
