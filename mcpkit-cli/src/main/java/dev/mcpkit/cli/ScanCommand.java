package dev.mcpkit.cli;

import dev.mcpkit.client.McpClient;
import dev.mcpkit.client.config.ServerConfigs;
import dev.mcpkit.client.config.ServerSpec;
import dev.mcpkit.guard.Finding;
import dev.mcpkit.guard.Guard;
import dev.mcpkit.guard.PinCheck;
import dev.mcpkit.guard.PinLock;
import dev.mcpkit.guard.Pins;
import dev.mcpkit.guard.ServerPin;
import dev.mcpkit.guard.RuleSet;
import dev.mcpkit.guard.ScanReport;
import dev.mcpkit.guard.ServerSurface;
import dev.mcpkit.guard.Severity;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcpkit scan}: mcpkit-guard's rules over what servers show a model, and over host launch configurations. */
@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Scans MCP servers for tool poisoning, shadowing, hidden characters and unsafe launch"
        + " configurations (offline rules: see mcpkit-guard/README.md).",
        "",
        "  mcpkit scan <url>",
        "  mcpkit scan -- <command> [args...]      (stdio; never run through a shell)",
        "  mcpkit scan --config FILE <server-name>",
        "  mcpkit scan --config FILE [--config FILE...]   (every server of the files)",
        "",
        "A stdio server whose launch configuration has a finding of high severity or more, or that runs a package"
            + " without a pinned version (npx -y pkg, uvx pkg, pipx run pkg; unless --allow-unpinned), is not"
            + " started.",
        "",
        "When a lock file exists (--lock, or ./mcpkit-lock.json), each server's definitions are checked against"
            + " their pins (SHA-256 of the RFC 8785 form): a changed definition or another server at the same place"
            + " is a high finding with the diff. --pin writes the lock (adds servers, re-approves changes)."},
    footer = {"", "Exit codes: 0 no finding at or above --fail-on; 1 at least one; 2 invalid",
        "arguments; 4 a target could not be scanned (and no finding at or above", "--fail-on)."})
final class ScanCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin ClientOptions options;

  @Parameters(paramLabel = "TARGET", arity = "0..*", description = "A URL, or a server name with --config.")
  List<String> positional = new ArrayList<>();

  @Option(names = "--sarif", description = "Print a SARIF 2.1.0 log (for code-scanning interfaces) instead of text.")
  boolean sarif;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
      description = "Exit 1 when a finding has this severity or more: low, medium, high, critical, or never"
          + " (default: ${DEFAULT-VALUE}).")
  String failOn;

  @Option(names = "--rules", paramLabel = "FILE", description = "A rule file of your own (\"version\": 1) added to"
      + " the built-in rules; a rule with a built-in code replaces it (repeatable).")
  List<Path> ruleFiles = new ArrayList<>();

  @Option(names = "--offline", description = "Check launch configurations only; start and contact no server.")
  boolean offline;

  @Option(names = "--allow-unpinned", description = "Start a stdio server of a --config file even when it runs a"
      + " package without a pinned version (npx -y pkg, uvx pkg, pipx run pkg: MCP-G052); by default it is checked"
      + " but not started, since starting it downloads and runs whatever version is newest.")
  boolean allowUnpinned;

  @Option(names = "--pin", description = "Pin what the scanned servers show now in the lock file (adds them, or"
      + " re-approves their changes); the lock file is created if missing.")
  boolean pin;

  @Option(names = "--lock", paramLabel = "FILE", description = "The lock file (default: " + PinLock.FILE_NAME
      + " in the working directory, checked when it exists).")
  Path lockFile;

  @Option(names = "--store", paramLabel = "STORE", description = "Check against and --pin into the pins several"
      + " gateway instances share (mcpkit gateway --store redis://...) instead of the lock file; servers are keyed"
      + " as in the gateway (their names with --config).")
  String store;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ClientCommands.Split split = ClientCommands.split(spec, positional);
    Severity threshold;
    Guard guard;
    try {
      threshold = failOn.equalsIgnoreCase("never") ? null : Severity.parse(failOn);
      RuleSet rules = RuleSet.builtIn();
      for (Path f : ruleFiles) {
        rules = rules.with(f);
      }
      guard = Guard.of(rules);
    } catch (IllegalArgumentException e) {
      err.println("mcpkit scan: " + options.line(e.getMessage()));
      return ExitCodes.USAGE;
    }
    if (sarif && options.json) {
      err.println("mcpkit scan: --json and --sarif exclude each other");
      return ExitCodes.USAGE;
    }
    if (pin && offline) {
      return usage(err, "--pin needs the servers' definitions; it cannot be used with --offline");
    }
    Path lockPath = lockFile != null ? lockFile : Path.of(PinLock.FILE_NAME);
    PinLock lock = null;
    try {
      if (Files.exists(lockPath)) {
        lock = PinLock.read(lockPath);
      } else if (lockFile != null && !pin) {
        err.println("mcpkit scan: no such lock file: " + options.line(lockPath.toString())
            + " (mcpkit scan --pin creates it)");
        return ExitCodes.USAGE;
      }
    } catch (IllegalArgumentException e) {
      err.println("mcpkit scan: " + options.block(e.getMessage()));
      return ExitCodes.USAGE;
    }
    List<Scanned> scanned = new ArrayList<>();
    try {
      if (!split.command().isEmpty() || (split.words().size() == 1 && options.configs.isEmpty())) {
        if (split.command().isEmpty() ? split.words().size() != 1 : !split.words().isEmpty()) {
          return usage(err, "expected one TARGET, or -- <command> [args...]");
        }
        String target = split.command().isEmpty() ? split.words().getFirst() : null;
        String label = target != null ? target : String.join(" ", split.command());
        scanned.add(fetch(label, null, List.of(), new Place(target, split.command()), () -> options.connect(target,
            split.command(), dev.mcpkit.client.ClientHandlers.none(), err)));
      } else if (!options.configs.isEmpty()) {
        if (split.words().size() > 1 || (split.words().size() == 1 && options.configs.size() > 1)) {
          return usage(err, "with --config give one server name, or none to scan every server of the files");
        }
        for (Path file : options.configs) {
          List<String> names = split.words().isEmpty() ? ServerConfigs.read(file).names() : split.words();
          for (String name : names) {
            scanned.add(fromConfig(guard, file, name, err));
          }
        }
      } else {
        return usage(err, "expected a TARGET, -- <command> [args...], or --config FILE");
      }
    } catch (IllegalArgumentException e) {
      err.println("mcpkit scan: " + options.block(e.getMessage()));
      return ExitCodes.USAGE;
    }
    if (store != null) {
      return withStore(guard, threshold, scanned, out, err);
    }
    if (pin) {
      lock = lock == null ? PinLock.empty() : lock;
      for (Scanned s : scanned) {
        if (s.pins() != null) {
          lock = lock.with(s.label(), s.pins());
        }
      }
      try {
        lock.write(lockPath);
      } catch (UncheckedIOException e) {
        err.println("mcpkit scan: " + options.line(e.getMessage()));
        return ExitCodes.FAILURE;
      }
      long pinned = scanned.stream().filter(s -> s.pins() != null).count();
      err.println("mcpkit scan: pinned " + pinned + (pinned == 1 ? " server" : " servers") + " in "
          + options.line(lockPath.toString()));
      lock = null;   // just approved: nothing to compare
    }
    return output(guard, threshold, scanned, lock, out);
  }

  /** {@code --store}: the pins of the scanned servers read from (and with {@code --pin} approved in) the store. */
  private int withStore(Guard guard, Severity threshold, List<Scanned> scanned, PrintWriter out,
      PrintWriter err) {
    try (dev.mcpkit.store.Store st = dev.mcpkit.store.Stores.open(store)) {
      dev.mcpkit.guard.StorePins pins = dev.mcpkit.guard.StorePins.of(st);
      PinLock lock = PinLock.empty();
      for (Scanned s : scanned) {
        if (s.pins() == null) {
          continue;
        }
        if (pin) {
          pins.approve(s.label(), s.pins()); // every gateway instance lists again and serves it
        } else {
          ServerPin p = pins.load(s.label()).pins();
          lock = p == null ? lock : lock.with(s.label(), p);
        }
      }
      if (pin) {
        long n = scanned.stream().filter(s -> s.pins() != null).count();
        err.println("mcpkit scan: pinned " + n + (n == 1 ? " server" : " servers") + " in " + pins.describe());
        lock = null; // just approved: nothing to compare
      }
      return output(guard, threshold, scanned, lock, out);
    } catch (IllegalStateException | IllegalArgumentException e) {
      err.println("mcpkit scan: --store: " + options.line(e.getMessage()));
      return ExitCodes.CONNECTION;
    }
  }

  private int output(Guard guard, Severity threshold, List<Scanned> scanned, PinLock lock, PrintWriter out) {
    ScanReport report = report(guard, scanned, lock);
    if (sarif) {
      out.println(options.json(HumanOutput.json(report.sarif(guard.rules(), Main.versionString()))));
    } else if (options.json) {
      out.println(options.json(HumanOutput.json(report.json())));
    } else {
      out.print(options.block(report.human()));
    }
    out.flush();
    if (threshold != null && report.highest().map(s -> s.atLeast(threshold)).orElse(false)) {
      return ExitCodes.FAILURE;
    }
    return report.hasErrors() ? ExitCodes.CONNECTION : ExitCodes.OK;
  }

  /**
   * A target before the cross-server rules ran: its surface and pins (if it could be listed), launch findings,
   * error. The label is its key in the lock file.
   */
  private record Scanned(String label, String file, ServerSurface surface, ServerPin pins, List<Finding> launch,
      String error) {}

  /** Where a server is: its URL, or the argv that starts it (for its pinned identity). */
  private record Place(String url, List<String> command) {}

  private interface Connect {
    McpClient open();
  }

  private Scanned fromConfig(Guard guard, Path file, String name, PrintWriter err) {
    ServerSpec entry;
    try {
      entry = options.spec(file, name);
    } catch (IllegalArgumentException e) {
      return new Scanned(name, file.toString(), null, null, List.of(), e.getMessage());
    }
    List<Finding> launch = guard.scanLaunch(entry);
    if (offline) {
      return new Scanned(name, file.toString(), null, null, launch, null);
    }
    if (entry.isStdio() && launch.stream().anyMatch(f -> f.severity().atLeast(Severity.HIGH))) {
      return new Scanned(name, file.toString(), null, null, launch, "not started: its launch configuration has a finding"
          + " of high severity or more (the launch checks ran; --offline checks launch configurations only)");
    }
    if (entry.isStdio() && !allowUnpinned && launch.stream().anyMatch(f -> f.code().equals("MCP-G052"))) {
      return new Scanned(name, file.toString(), null, null, launch, "not started: it runs a package without a pinned"
          + " version (MCP-G052), so starting it would download and run whatever version is newest now; pin the"
          + " version, or pass --allow-unpinned to start and scan it anyway");
    }
    // the argv as pinned: a secret substituted into it (${input:...}) is masked, the lock file is committed
    Place place = entry.isStdio() ? new Place(null, entry.argv().stream().map(entry::redact).toList()) : new Place(entry.url(), List.of());
    return fetch(name, file.toString(), launch, place, () -> options.connect(entry, err));
  }

  private Scanned fetch(String label, String file, List<Finding> launch, Place place, Connect connect) {
    if (offline) {
      return new Scanned(label, file, null, null, launch, "not contacted (--offline)");
    }
    try (McpClient client = connect.open()) {
      ServerSurface surface = ServerSurface.fetch(label, client);
      ServerPin pins;
      try {
        pins = Pins.pin(surface, place.url(), place.command());
      } catch (IllegalArgumentException e) {   // a definition JSON cannot represent canonically: scanned, not pinned
        return new Scanned(label, file, surface, null, launch, "cannot pin: " + e.getMessage());
      }
      return new Scanned(label, file, surface, pins, launch, null);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      return new Scanned(label, file, null, null, launch, e.getMessage() == null ? e.getClass().getSimpleName()
          : e.getMessage());
    }
  }

  /**
   * Applies the rules, each server with the other servers' tool names (cross-server shadowing), and compares each
   * listed server with its pins when there is a lock.
   */
  private static ScanReport report(Guard guard, List<Scanned> scanned, PinLock lock) {
    List<ScanReport.Target> targets = new ArrayList<>();
    for (Scanned s : scanned) {
      List<Finding> findings = new ArrayList<>(s.launch());
      if (s.surface() != null) {
        Set<String> others = new HashSet<>();
        scanned.stream().filter(o -> o != s && o.surface() != null).forEach(o -> others.addAll(o.surface().toolNames()));
        s.surface().toolNames().forEach(others::remove);
        findings.addAll(guard.scan(s.surface(), others));
      }
      if (lock != null && s.pins() != null) {
        PinCheck check = Pins.check(guard.rules(), lock.server(s.label()).orElse(null), s.pins());
        findings.addAll(check.findings());
        findings.sort(java.util.Comparator.comparing(Finding::severity).reversed());
      }
      targets.add(new ScanReport.Target(s.label(), s.file(), findings, s.error()));
    }
    // toxic flows (MCP-G070): the servers of one configuration file together, or the one target scanned
    java.util.Map<String, List<ServerSurface>> together = new java.util.LinkedHashMap<>();
    scanned.stream().filter(s -> s.surface() != null).forEach(s -> together.computeIfAbsent(
        s.file() == null ? "" : s.file(), f -> new ArrayList<>()).add(s.surface()));
    together.forEach((file, surfaces) -> {
      List<Finding> flows = dev.mcpkit.guard.ToxicFlows.check(guard, surfaces);
      if (!flows.isEmpty()) {
        targets.add(new ScanReport.Target(String.join(" + ", surfaces.stream().map(ServerSurface::label).toList()),
            file.isEmpty() ? null : file, flows, null));
      }
    });
    return new ScanReport(targets);
  }

  private static int usage(PrintWriter err, String what) {
    err.println("mcpkit scan: " + what + "; see " + Main.command() + " scan --help");
    return ExitCodes.USAGE;
  }
}
