package dev.mcpkit.cli.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a signing-in mcpkit process prints, collecting every line, and completes {@link #url()} with the first
 * authorization URL of mcpkit's embedded server it shows (or fails it when the output ends without one), so a test
 * can hand that URL to the browser.
 */
record AuthorizeUrlWatch(Thread reader, CompletableFuture<String> url) {

  private static final Pattern AUTHORIZE_URL = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/auth/authorize\\?\\S+)");

  static AuthorizeUrlWatch start(InputStream shown, StringBuffer all) {
    CompletableFuture<String> url = new CompletableFuture<>();
    Thread reader = Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(shown, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          all.append(line).append('\n');
          Matcher m = AUTHORIZE_URL.matcher(line);
          if (m.find()) {
            url.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        url.completeExceptionally(e);
      }
      url.completeExceptionally(new AssertionError("no authorization URL in:\n" + all));
    });
    return new AuthorizeUrlWatch(reader, url);
  }
}
