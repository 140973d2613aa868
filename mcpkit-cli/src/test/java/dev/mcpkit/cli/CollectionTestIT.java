package dev.mcpkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpkit.cli.it.McpkitProcess;
import dev.mcpkit.core.testing.LoopbackPorts;
import dev.mcpkit.core.testing.Repo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code mcpkit test} with the packaged jar: the committed example collection (mcpkit-inspector/collections/demo.json)
 * against the demo server ({@code mcpkit serve}), its JUnit XML read with a real XML parser; a failing assertion
 * gives exit 1 and a readable message; a server that is not there gives exit 2; a secret header comes from the
 * environment.
 */
class CollectionTestIT {

  static final Path DEMO = Repo.root().resolve("mcpkit-inspector/collections/demo.json");

  @TempDir Path tmp;

  private static Document parse(Path xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(xml.toFile());
  }

  @Test
  void theExampleCollectionPassesAgainstTheDemoServerAndItsJunitXmlSaysSo() throws Exception {
    Path junit = tmp.resolve("junit.xml");
    try (McpkitProcess serve = McpkitProcess.startHttp(Cli.jar(), "serve", "--port", "0")) {
      Cli.Result r = Cli.run("test", DEMO.toString(), "--target", serve.endpoint().toString(), "--junit",
          junit.toString());
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).contains("PASS  echo_message echoes the message (tools/call, ",
          "PASS  an unknown tool is an error", "6 calls: 6 passed, 0 failed.");
    }
    Element suite = parse(junit).getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    assertThat(suite.getAttribute("name")).isEqualTo("mcpkit demo server");
    assertThat(suite.getAttribute("tests")).isEqualTo("6");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    NodeList cases = suite.getElementsByTagName("testcase");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      names.add(c.getAttribute("name"));
      assertThat(c.getElementsByTagName("failure").getLength()).isZero();
      assertThat(Double.parseDouble(c.getAttribute("time"))).isGreaterThanOrEqualTo(0);
    }
    assertThat(names).containsExactly("lists its tools", "echo_message echoes the message", "add_numbers adds exactly",
        "the about resource is markdown", "greet names the person", "an unknown tool is an error");
  }

  @Test
  void aFailingAssertionExitsOneWithAReadableMessageAndAJunitFailure() throws Exception {
    Path collection = tmp.resolve("failing.json");
    Files.writeString(collection, Files.readString(DEMO)
        .replace("{\"pointer\": \"/content/0/text\", \"equals\": \"0.3\"}",
            "{\"pointer\": \"/content/0/text\", \"equals\": \"0.30000000000000004\"}"));
    Path junit = tmp.resolve("junit.xml");
    try (McpkitProcess serve = McpkitProcess.startHttp(Cli.jar(), "serve", "--port", "0")) {
      Cli.Result r = Cli.run("test", collection.toString(), "--target", serve.endpoint().toString(), "--junit",
          junit.toString());
      assertThat(r.exit()).as(r.toString()).isEqualTo(1);
      assertThat(r.out()).contains("FAIL  add_numbers adds exactly (tools/call, ",
          "      /content/0/text: expected \"0.30000000000000004\" but was \"0.3\"", "6 calls: 5 passed, 1 failed.");
    }
    Element suite = parse(junit).getDocumentElement();
    assertThat(suite.getAttribute("failures")).isEqualTo("1");
    Element failure = (Element) suite.getElementsByTagName("failure").item(0);
    assertThat(((Element) failure.getParentNode()).getAttribute("name")).isEqualTo("add_numbers adds exactly");
    assertThat(failure.getAttribute("message")).isEqualTo(
        "/content/0/text: expected \"0.30000000000000004\" but was \"0.3\"");
  }

  @Test
  void noServerExitsTwoAndSecretsComeFromTheEnvironment() throws Exception {
    int port = LoopbackPorts.free();
    Cli.Result r = Cli.run("test", DEMO.toString(), "--target", "http://127.0.0.1:" + port + "/mcp");
    assertThat(r.exit()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("connection failed").doesNotContain("Exception");

    Path withSecret = tmp.resolve("secret.json");
    Files.writeString(withSecret, Files.readString(DEMO).replace("\"X-Request-Source\": \"mcpkit-test\"",
        "\"Authorization\": \"Bearer ${env:DEMO_TOKEN}\""));
    Cli.Result unset = Cli.run(Map.of(), List.of("test", withSecret.toString()));
    assertThat(unset.exit()).as(unset.toString()).isEqualTo(2);
    assertThat(unset.err()).contains("/headers/Authorization: the environment variable DEMO_TOKEN is not set");
    try (McpkitProcess serve = McpkitProcess.startHttp(Cli.jar(), "serve", "--port", "0")) {
      Cli.Result set = Cli.run(Map.of("DEMO_TOKEN", "t0ken-from-env"), List.of("test", withSecret.toString(),
          "--target", serve.endpoint().toString()));
      assertThat(set.exit()).as(set.toString()).isZero();
    }
    Path literal = tmp.resolve("literal.json");
    Files.writeString(literal, Files.readString(DEMO).replace("\"X-Request-Source\": \"mcpkit-test\"",
        "\"Authorization\": \"Bearer abc123\""));
    Cli.Result refused = Cli.run("test", literal.toString());
    assertThat(refused.exit()).isEqualTo(2);
    assertThat(refused.err()).contains("a secret is never held in the collection file").doesNotContain("abc123");
  }
}
