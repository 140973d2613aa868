package dev.mcpkit.conformance.golden;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.conformance.EverythingServer;
import dev.mcpkit.core.testing.Repo;
import dev.mcpkit.server.McpServer;
import dev.mcpkit.server.ServerTool;
import dev.mcpkit.server.ToolResults;
import dev.mcpkit.server.http.McpHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The golden transcripts: for each wire form (2026-07-28 stateless Streamable HTTP, a 2025-11-25
 * session, 2024-11-05 HTTP+SSE, stdio) a file in {@code src/test/resources/transcripts/} holds what
 * a client sends and what the conformance "everything" server answered, every method and error
 * path of that era and its multi round-trip flow. Each is replayed against a fresh server on
 * 127.0.0.1 and must match exactly (after the placeholders of {@link Normaliser}); a change on the
 * wire fails with the steps that differ. After a deliberate change, {@code
 * -Dtranscripts.update=true} records the files again: review their diff before committing.
 */
class GoldenTranscriptTest {

  private static final boolean UPDATE = Boolean.getBoolean("transcripts.update");

  /** A tool with an output schema whose result is structured content (the everything server has none). */
  record Sum(int a, int b) {}

  record Total(int total, String note) {}

  static McpServer server() {
    McpServer server = EverythingServer.create();
    server.addTool(ServerTool.builder("golden_structured").description("Adds two integers (structured result)")
        .outputSchema(Total.class)
        .handler(Sum.class, (sum, context) -> ToolResults.structured(new Total(sum.a() + sum.b(), "sum")))
        .build());
    return server;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2026-07-28-stateless", "2025-11-25-session", "2024-11-05-sse", "stdio"})
  void transcriptMatchesTheWire(String name) throws Exception {
    Path file = Repo.root().resolve("conformance/src/test/resources/transcripts/" + name + ".txt");
    Transcript t = Transcript.parse(Files.readString(file, StandardCharsets.UTF_8));
    List<String> answers = new ArrayList<>();
    if (name.equals("stdio")) {
      Normaliser norm = new Normaliser(0);
      try (StdioPlayer player = new StdioPlayer(server(), norm)) {
        for (Transcript.Step s : t.steps()) {
          answers.add(step(answers, s, () -> player.play(s)));
        }
      }
    } else {
      try (McpHttpServer http = McpHttpServer.builder(server()).port(0).build().start()) {
        Normaliser norm = new Normaliser(http.port());
        try (HttpPlayer player = new HttpPlayer(http.port(), norm)) {
          for (Transcript.Step s : t.steps()) {
            answers.add(step(answers, s, () -> player.play(s)));
          }
        }
      }
    }
    if (UPDATE) {
      Files.writeString(file, t.render(answers), StandardCharsets.UTF_8);
      return;
    }
    String diff = diff(t, answers);
    assertThat(diff).as("the wire differs from %s (\"-\" recorded, \"+\" now; after a deliberate change: "
        + "-Dtranscripts.update=true, then review the diff)", file).isEmpty();
  }

  interface Play {
    String run() throws Exception;
  }

  /** Runs one step; a failure names the step. */
  private static String step(List<String> answers, Transcript.Step s, Play play) {
    try {
      return play.run();
    } catch (Exception | AssertionError e) {
      throw new AssertionError("step " + (answers.size() + 1) + " '" + s.title() + "' (" + s.sent().get(0)
          + ") failed: " + e, e);
    }
  }

  /** The steps whose answers differ, each with a line diff ("-" recorded, "+" now). */
  static String diff(Transcript t, List<String> answers) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < t.steps().size(); i++) {
      Transcript.Step s = t.steps().get(i);
      if (!s.answer().equals(answers.get(i))) {
        out.append("\n### step ").append(i + 1).append(": ").append(s.title()).append('\n')
            .append(s.sent().get(0)).append('\n')
            .append(LineDiff.of(s.answer().lines().toList(), answers.get(i).lines().toList()));
      }
    }
    return out.toString();
  }
}
