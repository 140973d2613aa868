package dev.mcpkit.client.internal;

import dev.mcpkit.client.ClientHandlers;
import dev.mcpkit.client.FrameListener;
import dev.mcpkit.client.ServerNotification;
import dev.mcpkit.client.auth.AuthProvider;
import dev.mcpkit.client.intercept.Interceptor;
import dev.mcpkit.core.protocol.ProtocolVersion;
import dev.mcpkit.core.schema.Implementation;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Everything the builder collected; internal. {@code secrets}: values hidden in every error and warning;
 * {@code interceptor}: {@code null} when none is set. */
public record ClientSettings(
    Implementation clientInfo,
    ClientHandlers handlers,
    ProtocolVersion forcedVersion,
    Duration requestTimeout,
    Duration connectTimeout,
    Duration probeTimeout,
    Map<String, String> headers,
    AuthProvider auth,
    int maxMessageBytes,
    int maxInputRounds,
    int maxListItems,
    long maxListBytes,
    Consumer<ServerNotification> notifications,
    Consumer<String> warnings,
    FrameListener frames,
    Set<String> secrets,
    Interceptor interceptor) {}
