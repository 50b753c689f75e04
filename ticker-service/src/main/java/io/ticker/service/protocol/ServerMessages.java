package io.ticker.service.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticker.model.SymbolInfo;
import io.ticker.model.Wire;
import io.ticker.service.bus.FeedStatus;
import io.vertx.core.buffer.Buffer;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;

/** Encodes every control frame the server sends (data frames are built by {@link TickFrameBuilder}). */
public final class ServerMessages {

  public static final int PROTOCOL_VERSION = 1;

  private ServerMessages() {
  }

  public static Buffer welcome(String node, String session, long now) {
    return encode(typed("welcome").put("protocol", PROTOCOL_VERSION).put("node", node)
        .put("session", session).put("serverTime", now));
  }

  public static Buffer subscribed(JsonNode id, Collection<String> symbols, int intervalMs) {
    ObjectNode reply = reply("subscribed", id);
    strings(reply.putArray("symbols"), symbols);
    return encode(reply.put("intervalMs", intervalMs));
  }

  public static Buffer unsubscribed(JsonNode id, Collection<String> symbols) {
    ObjectNode reply = reply("unsubscribed", id);
    strings(reply.putArray("symbols"), symbols);
    return encode(reply);
  }

  public static Buffer symbols(JsonNode id, List<SymbolInfo> infos) {
    ObjectNode reply = reply("symbols", id);
    reply.set("symbols", Wire.JSON.valueToTree(infos));
    return encode(reply);
  }

  public static Buffer pong(JsonNode id, long now) {
    return encode(reply("pong", id).put("serverTime", now));
  }

  public static Buffer error(JsonNode id, ErrorCode code, String message) {
    return encode(reply("error", id).put("code", code.name()).put("message", message));
  }

  public static Buffer status(FeedStatus status) {
    return encode(typed("status").put("feed", status.word()).put("since", status.since()));
  }

  private static ObjectNode typed(String type) {
    return Wire.JSON.createObjectNode().put("type", type);
  }

  /** A reply: {@code id} right after {@code type} when the request had one. */
  private static ObjectNode reply(String type, JsonNode id) {
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
