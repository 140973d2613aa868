package dev.mcpkit.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rejections have one writer (mcpkit-server's {@code ErrorWriter}) and JSON has one builder (Jackson). This scans the
 * main sources of mcpkit-server and mcpkit-auth (this module sees both) and fails on JSON assembled by hand or an
 * error body built outside the writer: a string literal that opens a JSON object ({@code "{\"..."}), a {@code '{'}
 * appended to a builder, {@code new ObjectNode}, {@code put("error"...)} and a JSON-RPC error response constructed
 * directly. Exceptions are listed with the reason they are not a body on the wire.
 */
class NoHandBuiltJsonTest {

  private static final Pattern HAND_BUILT = Pattern.compile(
      "\\{\\\\\"" // a literal "{\"...": JSON text in a Java string
          + "|append\\(\\s*['\"]\\{" // a builder appending '{' or "{..."
          + "|new\\s+ObjectNode\\s*\\(" // a node made by hand (an array of nodes is not one)
          + "|put\\(\\s*\"error(?:_description)?\"" // an OAuth-style error member
          + "|new\\s+JsonRpcErrorResponse\\(|JsonRpcErrorResponse\\.of\\("); // a JSON-RPC error not from the writer

  /** File name → why a match there is not hand-built JSON on the wire. */
  private static final Map<String, String> ALLOWED = Map.of(
      "ErrorWriter.java", "the one writer of rejections",
      "RequestStates.java", "a canonical text of the arguments, hashed into the requestState binding; never sent",
      "AuthorizeEndpoint.java", "error and error_description as query parameters of a redirect (RFC 6749 "
          + "§4.1.2.1), not JSON");

  @Test
  void noJsonIsAssembledByHandAndNoErrorBodyOutsideTheWriter() throws IOException {
    List<String> found = new ArrayList<>();
    int files = 0;
    for (Path root : List.of(Path.of("src/main/java"), Path.of("../mcpkit-server/src/main/java"))) {
      assertThat(root).as("run from the mcpkit-auth module directory").isDirectory();
      try (Stream<Path> paths = Files.walk(root)) {
        for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
          files++;
          if (ALLOWED.containsKey(p.getFileName().toString())) {
            continue;
          }
          List<String> lines = Files.readAllLines(p);
          for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).strip();
            if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
              continue; // Javadoc and comments may show JSON
            }
            if (HAND_BUILT.matcher(code).find()) {
              found.add(root.relativize(p) + ":" + (i + 1) + ": " + code);
            }
          }
        }
      }
    }
    assertThat(files).as("main sources scanned").isGreaterThan(100);
    assertThat(found).as("JSON built by hand, or an error body outside ErrorWriter (use ErrorWriter and Jackson)")
        .isEmpty();
  }

  @Test
  void thePatternCatchesWhatItIsFor() {
    for (String bad : List.of("String body = \"{\\\"error\\\":\\\"not_found\\\"}\";", "b.append('{');",
        "b.append(\"{\\\"id\\\":\");", "ObjectNode n = new ObjectNode(f);", "body.put(\"error\", e.error());",
        "body.put(\"error_description\", d);", "return new JsonRpcErrorResponse(id, e.toError());",
        "write(JsonRpcErrorResponse.of(null, -32600, \"x\"));")) {
      assertThat(HAND_BUILT.matcher(bad).find()).as(bad).isTrue();
    }
    for (String fine : List.of("ObjectNode doc = Json.object();", "doc.put(\"resource\", id);",
        "ErrorWriter.response(null, e.toError());", "if (body.has(\"error\")) {",
        "ObjectNode[] known = new ObjectNode[6];")) {
      assertThat(HAND_BUILT.matcher(fine).find()).as(fine).isFalse();
    }
  }
}
