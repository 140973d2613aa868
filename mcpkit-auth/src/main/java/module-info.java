/**
 * The OAuth side of MCP authorization, by role: {@code auth.server} (an embedded authorization server),
 * {@code auth.resource} (the resource-server guard and token validators), {@code auth.client} (the OAuth client
 * that signs in to protected MCP servers), and what they share: {@code auth.fetch} (the SSRF-safe fetcher for peer
 * documents), {@code auth.oauth} (well-known URLs, the one scope rule) and {@code auth.events} (security event lines);
 * {@code auth.internal} (form decoding the roles share) is not exported.
 */
module dev.mcpkit.auth {
  requires transitive dev.mcpkit.server;
  requires transitive dev.mcpkit.client;
  requires transitive dev.mcpkit.store;
  requires transitive com.nimbusds.jose.jwt;
  requires org.eclipse.jetty.server;
  requires org.eclipse.jetty.client;
  requires org.bouncycastle.provider;
  requires org.slf4j;

  exports dev.mcpkit.auth.client;
  exports dev.mcpkit.auth.events;
  exports dev.mcpkit.auth.fetch;
  exports dev.mcpkit.auth.oauth;
  exports dev.mcpkit.auth.resource;
  exports dev.mcpkit.auth.server;
  exports dev.mcpkit.auth.server.federation;

  // Jackson binds records of every package (some package-private) by reflection.
  opens dev.mcpkit.auth.client to tools.jackson.databind;
  opens dev.mcpkit.auth.events to tools.jackson.databind;
  opens dev.mcpkit.auth.fetch to tools.jackson.databind;
  opens dev.mcpkit.auth.oauth to tools.jackson.databind;
  opens dev.mcpkit.auth.resource to tools.jackson.databind;
  opens dev.mcpkit.auth.server to tools.jackson.databind;
  opens dev.mcpkit.auth.server.federation to tools.jackson.databind;
}
