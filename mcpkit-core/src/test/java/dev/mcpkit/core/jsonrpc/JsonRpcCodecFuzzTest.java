package dev.mcpkit.core.jsonrpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Fuzzes the JSON-RPC codec (FUZZING.md): any body either becomes messages or is refused with a
 * parse or invalid-request error whose message names no parser or Java internals; whatever is read
 * can be written and read back to the same message, so an id is echoed exactly. Seeds: the spec's
 * examples, in {@code JsonRpcCodecFuzzTestInputs/codec}.
 */
class JsonRpcCodecFuzzTest {

  private static final Pattern INTERNALS = Pattern.compile(
      "(?i)exception|jackson|java\\.|javax\\.|dev\\.mcpkit|org\\.eclipse|\\tat |\\$[A-Z]|line: \\d+, column");

  @FuzzTest
  void codec(byte[] body) {
    JsonRpcCodec.Parsed parsed;
    try {
      parsed = JsonRpcCodec.parse(body);
    } catch (McpException e) {
      assertRefusal(e, body);
      return;
    }
    List<JsonNode> entries = switch (parsed) {
      case JsonRpcCodec.Single s -> List.of(s.node());
      case JsonRpcCodec.Batch b -> b.entries();
    };
    for (JsonNode entry : entries) {
      JsonRpcMessage message;
      try {
        message = JsonRpcCodec.read(entry);
      } catch (McpException e) {
        assertRefusal(e, body);
        continue;
      }
      // Stable on the wire: what is written, read back and written again is the same text. (Node
      // equality would be too strict: 1e000 is a decimal node, written as 1 and read back as an
      // int node; the same number in JSON, found by a 10-minute run.)
      byte[] written = JsonRpcCodec.write(message);
      JsonRpcMessage again = JsonRpcCodec.readOne(written);
      assertThat(new String(JsonRpcCodec.write(again), StandardCharsets.UTF_8)).as("written, read back and written again")
          .isEqualTo(new String(written, StandardCharsets.UTF_8));
      assertThat(again.getClass()).as("the same kind of message").isEqualTo(message.getClass());
      if (message instanceof JsonRpcRequest r) {
        JsonRpcMessage echoed = JsonRpcCodec.readOne(JsonRpcCodec.write(
            JsonRpcErrorResponse.of(r.id(), ErrorCodes.INVALID_PARAMS, "x")));
        assertThat(((JsonRpcErrorResponse) echoed).id()).as("id echoed").isEqualTo(r.id());
      }
    }
  }

  /**
   * A refusal is a parse or invalid-request error whose message names no internals. A match the
   * body itself contains is the client's text quoted back (a field path such as
   * {@code /$defs/NumberSchema} matches the inner-class pattern {@code $N}), not a leak. JSON may
   * arrive in UTF-8, UTF-16 or UTF-32 (RFC 8259 readers detect it, as Jackson does), so the body is
   * read in each of them before a match is called a leak.
   */
  private static void assertRefusal(McpException e, byte[] body) {
    // -32602 is the codec's documented refusal of a number out of range inside params
    assertThat(e.toError().code()).isIn(Set.of(ErrorCodes.PARSE_ERROR, ErrorCodes.INVALID_REQUEST,
        ErrorCodes.INVALID_PARAMS));
    if (e.toError().code() == ErrorCodes.INVALID_PARAMS) {
      assertThat(e.getMessage()).contains("number out of range");
    }
    List<String> sent = new java.util.ArrayList<>();
    for (String cs : List.of("UTF-8", "UTF-16BE", "UTF-16LE", "UTF-32BE", "UTF-32LE")) {
      try {
        sent.add(new String(body, java.nio.charset.Charset.forName(cs)).toLowerCase(Locale.ROOT));
      } catch (RuntimeException unsupported) {
        // a JDK without UTF-32 simply checks fewer decodings
      }
    }
    Matcher m = INTERNALS.matcher(String.valueOf(e.getMessage()));
    while (m.find()) {
      String found = m.group().toLowerCase(Locale.ROOT);
      if (sent.stream().noneMatch(text -> text.contains(found))) {
        throw new AssertionError("message without internals: '" + m.group() + "' in " + e.getMessage());
      }
    }
  }
}
