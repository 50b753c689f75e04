package io.ticker.service.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticker.model.Wire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoded client operation. {@code id} is any JSON value the client chose (or null) and is
 * echoed verbatim; {@code symbols} is set for subscribe/unsubscribe, {@code intervalMs} for
 * subscribe when given.
 */
public record ClientRequest(Op op, JsonNode id, List<String> symbols, Integer intervalMs) {

  public enum Op { SUBSCRIBE, UNSUBSCRIBE, SYMBOLS, PING }

  public static final int MIN_INTERVAL_MS = 50;
  public static final int MAX_INTERVAL_MS = 10_000;

  /** Decodes one text frame, or says precisely what is wrong with it. */
  public static ClientRequest parse(String text) throws ProtocolException {
    JsonNode root;
    try {
      root = Wire.JSON.readTree(text);
    } catch (IOException e) {
      throw new ProtocolException(ErrorCode.BAD_JSON, null, "frame is not valid JSON");
    }
    if (!(root instanceof ObjectNode)) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, null, "frame must be a JSON object");
    }
    JsonNode id = root.get("id");
    JsonNode opNode = root.get("op");
    if (opNode == null || !opNode.isTextual()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "missing string field 'op'");
    }
    return switch (opNode.asText()) {
      case "subscribe" -> new ClientRequest(Op.SUBSCRIBE, id, symbols(root, id), interval(root, id));
      case "unsubscribe" -> new ClientRequest(Op.UNSUBSCRIBE, id, symbols(root, id), null);
      case "symbols" -> new ClientRequest(Op.SYMBOLS, id, null, null);
      case "ping" -> new ClientRequest(Op.PING, id, null, null);
      default -> throw new ProtocolException(ErrorCode.UNKNOWN_OP, id, "unknown op '" + opNode.asText() + "'");
    };
  }

  private static List<String> symbols(JsonNode root, JsonNode id) throws ProtocolException {
    JsonNode node = root.get("symbols");
    if (node == null || !node.isArray() || node.isEmpty()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "'symbols' must be a non-empty array of strings");
    }
    List<String> symbols = new ArrayList<>(node.size());
    for (JsonNode s : node) {
      if (!s.isTextual() || s.asText().isEmpty()) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "'symbols' must be a non-empty array of strings");
      }
      symbols.add(s.asText());
    }
    return symbols;
  }

  private static Integer interval(JsonNode root, JsonNode id) throws ProtocolException {
    JsonNode node = root.get("intervalMs");
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()
        || node.asInt() < MIN_INTERVAL_MS || node.asInt() > MAX_INTERVAL_MS) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id,
          "'intervalMs' must be an integer from " + MIN_INTERVAL_MS + " to " + MAX_INTERVAL_MS);
    }
    return node.asInt();
  }
}
