/**
 * The MCP protocol core: the specification's wire records, JSON-RPC framing, JSON and JSON Schema helpers, URI
 * templates and stdio framing, shared by the server, the client and the authorization modules. Every package is API;
 * the wire records are opened to Jackson, which reads and writes them by reflection.
 */
module dev.mcpkit.core {
  requires transitive tools.jackson.databind;
  requires transitive com.fasterxml.jackson.annotation;
  requires com.networknt.schema;
  // Users write the constraint annotations (@Size, @Min, @Pattern) on their argument records.
  requires transitive jakarta.validation;
  requires com.github.victools.jsonschema.generator;
  requires com.fasterxml.classmate;
  requires com.github.victools.jsonschema.module.jackson;
  requires com.github.victools.jsonschema.module.jakarta.validation;

  exports dev.mcpkit.core.era;
  exports dev.mcpkit.core.files;
  exports dev.mcpkit.core.json;
  exports dev.mcpkit.core.jsonrpc;
  exports dev.mcpkit.core.jsonschema;
  exports dev.mcpkit.core.net;
  exports dev.mcpkit.core.protocol;
  exports dev.mcpkit.core.schema;
  exports dev.mcpkit.core.stdio;
  exports dev.mcpkit.core.text;
  exports dev.mcpkit.core.uritemplate;

  // Jackson binds records of every package (some package-private) by reflection.
  opens dev.mcpkit.core.json to tools.jackson.databind;
  opens dev.mcpkit.core.jsonrpc to tools.jackson.databind;
  opens dev.mcpkit.core.jsonschema to tools.jackson.databind;
  opens dev.mcpkit.core.net to tools.jackson.databind;
  opens dev.mcpkit.core.protocol to tools.jackson.databind;
  opens dev.mcpkit.core.schema to tools.jackson.databind;
  opens dev.mcpkit.core.stdio to tools.jackson.databind;
  opens dev.mcpkit.core.text to tools.jackson.databind;
  opens dev.mcpkit.core.uritemplate to tools.jackson.databind;
}
