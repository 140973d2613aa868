import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.jsonschema.RequestSchemas;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.lang.management.*;
import tools.jackson.databind.JsonNode;
// CPU ns and bytes allocated per RequestSchemas.validate of bench workload (b)'s initialize params (a fresh parse each time, as a request's)
public class Val {
  public static void main(String[] a) throws Exception {
    var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    var rs = RequestSchemas.of(ProtocolVersion.parse("2025-11-25").orElseThrow());
    byte[] body = "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"wrk\",\"version\":\"1\"}}".getBytes();
    int n = 20_000; JsonNode[] ps = new JsonNode[n];
    for (int round = 0; round < 8; round++) {
      for (int i = 0; i < n; i++) ps[i] = Json.parse(body);
      long t = mx.getCurrentThreadCpuTime(), al = mx.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < n; i++) if (!rs.validate("initialize", ps[i]).isEmpty()) throw new AssertionError();
      long t1 = mx.getCurrentThreadCpuTime(), al1 = mx.getCurrentThreadAllocatedBytes();
      if (round >= 4) System.out.printf("%s validate(initialize) %.0f ns CPU, %d B%n", a[0], (t1 - t) / (double) n, (al1 - al) / n);
    }
  }
}
