package dev.mcpkit.client;

import dev.mcpkit.core.json.Json;
import dev.mcpkit.core.schema.ClientCapabilities;
import dev.mcpkit.core.schema.CreateMessageRequestParams;
import dev.mcpkit.core.schema.CreateMessageResult;
import dev.mcpkit.core.schema.ElicitRequestFormParams;
import dev.mcpkit.core.schema.ElicitRequestParams;
import dev.mcpkit.core.schema.ElicitResult;
import dev.mcpkit.core.schema.Root;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How the client answers the server's questions: elicitation (ask the user), sampling (ask a
 * model), roots (which directories the client exposes). One set answers both eras: 2025 servers
 * send these as JSON-RPC requests; 2026-07-28 servers put them in an {@code InputRequiredResult},
 * and the client retries the original request with the answers by itself.
 *
 * <p>Each present handler is declared as a capability. Without an elicitation handler, requests
 * are declined; without sampling or roots handlers, they are refused with an error. Immutable.
 */
public final class ClientHandlers {

  /** Answers {@code elicitation/create}. */
  @FunctionalInterface
  public interface Elicitation {
    /** The user's answer (accept with content, decline or cancel) to one elicitation. */
    ElicitResult elicit(ElicitRequestParams params);
  }

  /** Answers {@code sampling/createMessage}. */
  @FunctionalInterface
  public interface Sampling {
    /** The model's message for one sampling request. */
    CreateMessageResult sample(CreateMessageRequestParams params);
  }

  /** Answers {@code roots/list}. */
  @FunctionalInterface
  public interface Roots {
    /** The client's current roots. */
    List<Root> roots();
  }

  private static final ClientHandlers NONE = new ClientHandlers();

  private final Elicitation elicitation;
  private final Sampling sampling;
  private final Roots roots;
  private final boolean urlElicitation;

  private ClientHandlers() { // no handler of any kind
    this.elicitation = null;
    this.sampling = null;
    this.roots = null;
    this.urlElicitation = false;
  }

  private ClientHandlers(Elicitation elicitation, Sampling sampling, Roots roots, boolean urlElicitation) {
    this.elicitation = elicitation;
    this.sampling = sampling;
    this.roots = roots;
    this.urlElicitation = urlElicitation;
  }

  /** No handlers: elicitations are declined, sampling and roots refused. */
  public static ClientHandlers none() {
    return NONE;
  }

  /** A copy with this elicitation handler ({@code null}: elicitations are declined). */
  public ClientHandlers withElicitation(Elicitation handler) {
    return new ClientHandlers(handler, sampling, roots, urlElicitation);
  }

  /** A copy with this sampling handler ({@code null}: sampling is refused). */
  public ClientHandlers withSampling(Sampling handler) {
    return new ClientHandlers(elicitation, handler, roots, urlElicitation);
  }

  /** A copy with this roots handler, asked on each {@code roots/list} ({@code null}: refused). */
  public ClientHandlers withRoots(Roots handler) {
    return new ClientHandlers(elicitation, sampling, handler, urlElicitation);
  }

  /**
   * A copy that also declares URL-mode elicitation ({@code {"form":{},"url":{}}}), for an elicitation handler that
   * can show a URL to its user (a gateway that passes the request on); by default only form mode is declared.
   */
  public ClientHandlers withUrlElicitation(boolean url) {
    return new ClientHandlers(elicitation, sampling, roots, url);
  }

  /** Fixed roots. */
  public ClientHandlers withRoots(List<Root> fixed) {
    List<Root> copy = List.copyOf(fixed);
    return withRoots(() -> copy);
  }

  /** The elicitation handler, or {@code null}. */
  public Elicitation elicitation() {
    return elicitation;
  }

  /** The sampling handler, or {@code null}. */
  public Sampling sampling() {
    return sampling;
  }

  /** The roots handler, or {@code null}. */
  public Roots roots() {
    return roots;
  }

  /** The capabilities these handlers let the client declare. */
  public ClientCapabilities capabilities() {
    return ClientCapabilities.of(
        roots == null ? null : Json.object(),
        sampling == null ? null : Json.object(),
        elicitation == null ? null : modes());
  }

  private ObjectNode modes() {
    ObjectNode e = Json.object();
    e.putObject("form");
    if (urlElicitation) {
      e.putObject("url");
    }
    return e;
  }

  /**
   * An elicitation handler for unattended use: accepts every form with the schema's default
   * values (SEP-1034); fields without a default are left out. URL-mode requests are declined.
   */
  public static Elicitation acceptDefaults() {
    return params -> params instanceof ElicitRequestFormParams form
        ? new ElicitResult("accept", defaults(form.requestedSchema()), null)
        : new ElicitResult("decline", null, null);
  }

  /** The default values of a form schema's properties, with their JSON types. */
  public static ObjectNode defaults(ObjectNode requestedSchema) {
    ObjectNode content = Json.object();
    JsonNode props = requestedSchema == null ? null : requestedSchema.get("properties");
    if (props != null && props.isObject()) {
      for (var e : props.properties()) {
        JsonNode d = e.getValue().get("default");
        if (d != null && !d.isNull()) {
          content.set(e.getKey(), d.deepCopy());
        }
      }
    }
    return content;
  }
}
