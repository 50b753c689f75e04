package io.ticker.model.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticker.model.Wire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One decoded client operation. {@code id} is any JSON value the client chose (or null) and is
 * echoed verbatim; {@code symbols} is set for subscribe/unsubscribe, {@code intervalMs} for
 * subscribe when given, {@code token} for auth.
 */
public record ClientRequest(Op op, JsonNode id, List<String> symbols, Integer intervalMs, String token) {

  /** Longest token accepted; real JWTs with a few dozen grants are a few KiB. */
  public static final int MAX_TOKEN_CHARS = 16_384;

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
    Op op = Op.fromWire(opNode.asText());
    if (op == null) {
      throw new ProtocolException(ErrorCode.UNKNOWN_OP, id, "unknown op '" + opNode.asText() + "'");
    }
    return switch (op) {
      case SUBSCRIBE -> new ClientRequest(op, id, symbols(root, id), interval(root, id), null);
      case UNSUBSCRIBE -> new ClientRequest(op, id, symbols(root, id), null, null);
      case SYMBOLS, PING -> new ClientRequest(op, id, null, null, null);
      case AUTH -> new ClientRequest(op, id, null, null, token(root, id));
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
    if (!node.canConvertToInt() || !node.isIntegralNumber() || !Limits.validInterval(node.asInt())) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id,
          "'intervalMs' must be an integer from " + Limits.MIN_INTERVAL_MS + " to " + Limits.MAX_INTERVAL_MS);
    }
    return node.asInt();
  }

  private static String token(JsonNode root, JsonNode id) throws ProtocolException {
    JsonNode node = root.get("token");
    if (node == null || !node.isTextual() || node.asText().isEmpty() || node.asText().length() > MAX_TOKEN_CHARS) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "'token' must be a JWT string of at most " + MAX_TOKEN_CHARS + " characters");
    }
    return node.asText();
  }
}
