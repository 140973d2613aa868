package dev.mcpkit.client.internal;

import dev.mcpkit.client.PeerText;

/** Peer-supplied text for the library's own error messages: {@link PeerText#line}, the one sanitizer. */
public final class Text {

  private Text() {}

  /** At most about {@code max} characters on one line, non-printing code points escaped (see {@link PeerText}). */
  public static String excerpt(String s, int max) {
    return PeerText.line(s, max);
  }
}
