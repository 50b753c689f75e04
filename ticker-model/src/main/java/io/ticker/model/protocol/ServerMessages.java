package io.ticker.model.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticker.model.SymbolInfo;
import io.ticker.model.Wire;
import io.vertx.core.buffer.Buffer;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/** Encodes every control frame the server sends (data frames are built from pre-encoded ticks by the service). */
public final class ServerMessages {

  private ServerMessages() {
  }

  /** {@code auth} says whether data needs a token ({@code "jwt"}) or not ({@code "none"}). */
  public static Buffer welcome(String node, String session, long now, String auth) {
    return encode(typed(FrameType.WELCOME).put("protocol", Limits.PROTOCOL_VERSION).put("node", node)
        .put("session", session).put("serverTime", now).put("auth", auth));
  }

  public static Buffer subscribed(JsonNode id, Collection<String> symbols, int intervalMs) {
    ObjectNode reply = reply(FrameType.SUBSCRIBED, id);
    strings(reply.putArray("symbols"), symbols);
    return encode(reply.put("intervalMs", intervalMs));
  }

  public static Buffer unsubscribed(JsonNode id, Collection<String> symbols) {
    ObjectNode reply = reply(FrameType.UNSUBSCRIBED, id);
    strings(reply.putArray("symbols"), symbols);
    return encode(reply);
  }

  public static Buffer symbols(JsonNode id, List<SymbolInfo> infos) {
    ObjectNode reply = reply(FrameType.SYMBOLS, id);
    reply.set("symbols", Wire.JSON.valueToTree(infos));
    return encode(reply);
  }

  public static Buffer pong(JsonNode id, long now) {
    return encode(reply(FrameType.PONG, id).put("serverTime", now));
  }

  public static Buffer error(JsonNode id, ErrorCode code, String message) {
    return encode(reply(FrameType.ERROR, id).put("code", code.name()).put("message", message));
  }

  public static Buffer authed(JsonNode id, String sub, long expiresAtMs) {
    return encode(reply(FrameType.AUTHED, id).put("sub", sub).put("expiresAt", expiresAtMs));
  }

  public static Buffer uncandled(JsonNode id, String symbol, Timeframe tf) {
    return encode(reply(FrameType.UNCANDLED, id).put("symbol", symbol).put("tf", tf.wire()));
  }

  /** {@code feed} is {@code "live"} or {@code "stale"}. */
  public static Buffer status(String feed, long since) {
    return encode(typed(FrameType.STATUS).put("feed", feed).put("since", since));
  }

  private static ObjectNode typed(FrameType type) {
    return Wire.JSON.createObjectNode().put("type", type.wire());
  }

  /** A reply: {@code id} right after {@code type} when the request had one. */
  private static ObjectNode reply(FrameType type, JsonNode id) {
    ObjectNode node = typed(type);
    if (id != null) {
      node.set("id", id);
    }
    return node;
  }

  private static void strings(ArrayNode array, Collection<String> values) {
    values.forEach(array::add);
  }

  private static Buffer encode(ObjectNode node) {
    try {
      return Buffer.buffer(Wire.JSON.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
