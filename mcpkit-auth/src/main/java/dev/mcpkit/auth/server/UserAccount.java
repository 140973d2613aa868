package dev.mcpkit.auth.server;

import java.util.Objects;

/**
 * A local user who can log in on the login page.
 *
 * @param username the login name; it becomes the {@code sub} of the user's tokens
 * @param passwordHash an Argon2id PHC string made by {@link PasswordHasher#hash}
 * @param displayName shown after login; defaults to the username
 */
public record UserAccount(String username, String passwordHash, String displayName) {

  /**
   * @throws NullPointerException without a username or password hash
   * @throws IllegalArgumentException when the hash is not Argon2id
   */
  public UserAccount {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(passwordHash, "passwordHash");
    if (!passwordHash.startsWith("$argon2id$")) {
      throw new IllegalArgumentException("user '" + username + "': password_hash must be an Argon2id hash "
          + "(make one with: mcpkit auth-server --hash-password)");
    }
    displayName = displayName == null ? username : displayName;
  }
}
