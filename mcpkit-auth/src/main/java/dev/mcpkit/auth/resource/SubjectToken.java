package dev.mcpkit.auth.resource;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.mcpkit.server.Caller;
import java.util.Objects;
import java.util.Optional;

/**
 * The caller's own access token, attached to its {@link Caller} by a {@link ResourceServerGuard} built with {@link
 * ResourceServerGuard.Builder#delegation(boolean) delegation(true)} (off by default), for one use only: as the {@code
 * subject_token} of an RFC 8693 token exchange at an authorization server, on behalf of that caller. It prints and
 * serialises as {@code [redacted]} (in {@link Caller#toString()}, in logs, in JSON), so a handler that shows or
 * returns the caller's claims still shows no token; only {@link #reveal()} gives the value. Without delegation the
 * caller carries none, and a token claim of the same name is dropped, so {@link #of(Caller)} is empty.
 */
public final class SubjectToken {

  /** The key in {@link Caller#claims()} the guard puts it under; not a claim any token can carry. */
  public static final String CLAIM = "mcpkit:subject_token";

  private final String value;

  SubjectToken(String value) {
    this.value = Objects.requireNonNull(value, "value");
  }

  /** The subject token of {@code caller}, when its guard was built with delegation on. */
  public static Optional<SubjectToken> of(Caller caller) {
    return caller != null && caller.claims().get(CLAIM) instanceof SubjectToken t ? Optional.of(t) : Optional.empty();
  }

  /** The token itself: send it to an authorization server's token endpoint only, never to a resource. */
  public String reveal() {
    return value;
  }

  /** {@code [redacted]}: the token never shows. */
  @JsonValue
  @Override
  public String toString() {
    return "[redacted]";
  }
}
