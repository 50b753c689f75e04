package io.ticker.model.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ticker.model.Wire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One decoded client operation. {@code id} is any JSON value the client chose (or null) and is
 * echoed verbatim; {@code symbols} is set for subscribe/unsubscribe, {@code intervalMs} for
 * subscribe when given, {@code token} for auth, {@code candles} for candles and uncandles. {@code since} (subscribe only, null when absent) is
 * the resume point: symbol → the last seq the client already has.
 */
public record ClientRequest(Op op, JsonNode id, List<String> symbols, Integer intervalMs, String token,
                            Map<String, Long> since, CandleStream candles) {

  /**
   * The stream a {@code candles} or {@code uncandles} op names; {@code limit} is how many candles of
   * history to send first ({@code candles} only).
   */
  public record CandleStream(String symbol, Timeframe tf, int limit) {
  }

  /** The subscribe field that carries the resume point. */
  public static final String SINCE = "since";

  /**
   * Most {@code since} entries one subscribe may carry with {@code "*"} (explicit symbol lists may
   * name at most their own symbols). A 64 KiB frame holds about this many anyway.
   */
  public static final int MAX_SINCE_ENTRIES = 10_000;

  public ClientRequest(Op op, JsonNode id, List<String> symbols, Integer intervalMs, String token) {
    this(op, id, symbols, intervalMs, token, null, null);
  }

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
      case SUBSCRIBE -> {
        List<String> symbols = symbols(root, id);
        yield new ClientRequest(op, id, symbols, interval(root, id), null, since(root, id, symbols), null);
      }
      case UNSUBSCRIBE -> new ClientRequest(op, id, symbols(root, id), null, null);
      case SYMBOLS, PING -> new ClientRequest(op, id, null, null, null);
      case AUTH -> new ClientRequest(op, id, null, null, token(root, id));
      case CANDLES, UNCANDLES -> new ClientRequest(op, id, null, null, null, null, candleStream(root, id, op == Op.CANDLES));
    };
  }

  private static CandleStream candleStream(JsonNode root, JsonNode id, boolean withLimit) throws ProtocolException {
    JsonNode symbol = root.get("symbol");
    if (symbol == null || !symbol.isTextual() || symbol.asText().isEmpty()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "'symbol' must be a non-empty string");
    }
    JsonNode tfNode = root.get("tf");
    Timeframe tf = tfNode != null && tfNode.isTextual() ? Timeframe.fromWire(tfNode.asText()) : null;
    if (tf == null) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "'tf' must be one of " + Timeframe.wireNames());
    }
    int limit = Limits.DEFAULT_CANDLE_LIMIT;
    JsonNode limitNode = withLimit ? root.get("limit") : null;
    if (limitNode != null && !limitNode.isNull()) {
      if (!limitNode.isIntegralNumber() || !limitNode.canConvertToInt() || !Limits.validCandleLimit(limitNode.asInt())) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, id, Limits.CANDLE_LIMIT_RULE);
      }
      limit = limitNode.asInt();
    }
    return new CandleStream(symbol.asText(), tf, limit);
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

  /**
   * {@code since}: an object of symbol → non-negative integer seq, with at most as many entries as
   * the request names symbols (or {@link #MAX_SINCE_ENTRIES} under {@code "*"}); null when absent.
   */
  private static Map<String, Long> since(JsonNode root, JsonNode id, List<String> symbols) throws ProtocolException {
    JsonNode node = root.get(SINCE);
    if (node == null || node.isNull()) {
      return null;
    }
    String shape = "'" + SINCE + "' must be an object of symbol -> last seq (a non-negative integer)";
    if (!node.isObject()) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id, shape);
    }
    int cap = symbols.contains("*") ? MAX_SINCE_ENTRIES : symbols.size();
    if (node.size() > cap) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id,
          "'" + SINCE + "' has " + node.size() + " entries, at most " + cap + " allowed (one per requested symbol)");
    }
    Map<String, Long> since = new LinkedHashMap<>(node.size() * 2);
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode seq = e.getValue();
      if (e.getKey().isEmpty() || !seq.isIntegralNumber() || !seq.canConvertToLong() || seq.asLong() < 0) {
        throw new ProtocolException(ErrorCode.BAD_REQUEST, id, shape);
      }
      since.put(e.getKey(), seq.asLong());
    }
    return Collections.unmodifiableMap(since);
  }

  private static String token(JsonNode root, JsonNode id) throws ProtocolException {
    JsonNode node = root.get("token");
    if (node == null || !node.isTextual() || node.asText().isEmpty() || node.asText().length() > MAX_TOKEN_CHARS) {
      throw new ProtocolException(ErrorCode.BAD_REQUEST, id, "'token' must be a JWT string of at most " + MAX_TOKEN_CHARS + " characters");
    }
    return node.asText();
  }
}
