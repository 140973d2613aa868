package dev.mcpkit.auth.server;

import dev.mcpkit.store.Hashes;
import dev.mcpkit.store.Store;
import java.time.Duration;
import java.util.Locale;

/**
 * Failed-login limits, per account (across every address) and per address (across every user name), in the
 * store so that every instance sharing it counts together.
 *
 * <p>An attempt is counted <em>before</em> its password is checked: {@link #reserve} increments both counters and
 * the value the increment returns is the check, so twenty parallel wrong passwords against a limit of five get
 * five checks, not twenty. A reservation that does not end in a failure (the password was right, or no check
 * slot was free) is given back; one that fails stays counted until the window ends.
 */
final class LoginLimits {

  static final Duration WINDOW = Duration.ofMinutes(15);
  /** An address may fail this many times the per-account limit, across all user names (a shared NAT, typos). */
  static final int ADDRESS_FACTOR = 4;

  private final Store store;
  private final int perAccount;
  private final int perAddress;

  LoginLimits(Store store, int perAccount) {
    this.store = store;
    this.perAccount = perAccount;
    this.perAddress = perAccount * ADDRESS_FACTOR;
  }

  /** A counted attempt; give it back with {@link #release} unless it failed. */
  record Attempt(String accountCounter, String addressCounter) {}

  /** Counts an attempt for {@code username} from {@code address}, or returns {@code null} when either is over. */
  Attempt reserve(String username, String address) {
    String addr = "login-address:" + address;
    // The name is hashed: any string a visitor types becomes a fixed-size key, and no user name sits in the store.
    String account = "login-account:" + Hashes.sha256(username == null ? "" : username.toLowerCase(Locale.ROOT));
    if (store.increment(addr, WINDOW) > perAddress) {
      store.decrement(addr);
      return null;
    }
    if (store.increment(account, WINDOW) > perAccount) {
      store.decrement(account);
      store.decrement(addr);
      return null;
    }
    return new Attempt(account, addr);
  }

  /** Gives back an attempt that did not fail (a success, or a check that never ran). */
  void release(Attempt a) {
    store.decrement(a.accountCounter());
    store.decrement(a.addressCounter());
  }
}
