package dev.mcpkit.client.internal;

import dev.mcpkit.core.era.Era;
import dev.mcpkit.core.protocol.ProtocolVersion;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Version selection from a server's list ({@code supportedVersions} or {@code data.supported}). */
public final class Versions {

  private Versions() {}

  /** The versions of a JSON array or an error's {@code data.supported} that mcpkit knows, newest first. */
  public static List<ProtocolVersion> known(JsonNode listOrData) {
    JsonNode list = listOrData == null ? null : listOrData.isArray() ? listOrData : listOrData.get("supported");
    List<ProtocolVersion> out = new ArrayList<>();
    if (list != null && list.isArray()) {
      for (JsonNode n : list) {
        ProtocolVersion.parse(n.asString(null)).ifPresent(out::add);
      }
    }
    out.sort(java.util.Comparator.reverseOrder());
    return out;
  }

  /** The newest modern version offered (the forced one only, when a version is forced), or {@code null}. */
  public static ProtocolVersion pickModern(JsonNode listOrData, ProtocolVersion forced) {
    for (ProtocolVersion v : known(listOrData)) {
      if (!Era.of(v).usesInitialize() && (forced == null || forced == v)) {
        return v;
      }
    }
    return null;
  }

  /** The newest legacy version offered (or the forced one), or {@code null}. */
  public static ProtocolVersion pickLegacy(JsonNode listOrData, ProtocolVersion forced) {
    for (ProtocolVersion v : known(listOrData)) {
      if (Era.of(v).usesInitialize() && (forced == null || forced == v)) {
        return v;
      }
    }
    return null;
  }
}
