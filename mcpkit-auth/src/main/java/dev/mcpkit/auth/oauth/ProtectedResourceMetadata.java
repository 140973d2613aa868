package dev.mcpkit.auth.oauth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The RFC 9728 protected-resource metadata document, member by member (the members mcpkit writes and reads): the
 * resource guard ({@code auth.resource}) serves it and the OAuth client ({@code auth.client}) reads it. A wire record
 * like those of mcpkit-core's {@code core.schema}: it mirrors the document, so it keeps one component per member. Absent
 * members are {@code null} and are not written.
 *
 * @param resource the resource identifier, verbatim (a client sends it as {@code resource} exactly like this)
 * @param authorizationServers {@code authorization_servers}: issuer identifiers, in the resource's order
 * @param scopesSupported {@code scopes_supported}, or {@code null}
 * @param bearerMethodsSupported {@code bearer_methods_supported}, or {@code null}
 * @param resourceName {@code resource_name}: a human-readable name, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProtectedResourceMetadata(
    @JsonProperty("resource") String resource,
    @JsonProperty("authorization_servers") List<String> authorizationServers,
    @JsonProperty("scopes_supported") List<String> scopesSupported,
    @JsonProperty("bearer_methods_supported") List<String> bearerMethodsSupported,
    @JsonProperty("resource_name") String resourceName) {}
