package dev.mcpkit.cli;

import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.text.PeerText;
import dev.mcpkit.inspector.ConnectionDoctor;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mcpkit doctor TARGET}: one server's connection, and when it fails, why and what to do. */
final class DoctorTarget {

  private DoctorTarget() {}

  static int run(CommandSpec spec, List<String> positional, List<String> headerLines, Map<String, String> env,
      String protocol, String timeoutText) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientCommands.Split split = ClientCommands.split(spec, positional);
    String url = split.command().isEmpty() && split.words().size() == 1 ? split.words().getFirst() : null;
    if (split.command().isEmpty() ? url == null || !(url.startsWith("http://") || url.startsWith("https://"))
        : !split.words().isEmpty()) {
      err.println("mcpkit doctor: expected one TARGET: an http(s):// URL, or -- <command> [args...]; see "
          + Main.command() + " doctor --help");
      return ExitCodes.USAGE;
    }
    Duration timeout;
    ProtocolVersion forced = null;
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      timeout = ClientOptions.duration("--timeout", timeoutText);
      if (protocol != null) {
        forced = ProtocolVersion.parse(protocol).orElseThrow(() -> new IllegalArgumentException(
            "--protocol: unknown revision \"" + PeerText.line(protocol, 40) + "\""));
      }
      for (String h : headerLines) {
        int colon = h.indexOf(':');
        if (colon <= 0) {
          throw new IllegalArgumentException("--header: expected \"Name: value\"");
        }
        headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
      }
    } catch (IllegalArgumentException e) {
      err.println("mcpkit doctor: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    String shown = url != null ? url : String.join(" ", split.command());
    out.println("mcpkit doctor " + PeerText.line(shown, 300));
    ConnectionDoctor.Diagnosis d = url != null ? ConnectionDoctor.http(url, headers, forced, timeout)
        : ConnectionDoctor.stdio(split.command(), env, timeout);
    if (d.ok()) {
      out.println("  " + PeerText.line(d.finding(), 400));
    } else {
      // The finding and details quote the server (its body, its stderr): through the one sanitizer.
      out.println("  problem     " + PeerText.line(d.finding(), 600));
      out.println("  what to do  " + PeerText.line(d.advice(), 600));
      d.details().forEach(x -> out.println("    " + PeerText.line(x, 400)));
    }
    out.flush();
    return d.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
