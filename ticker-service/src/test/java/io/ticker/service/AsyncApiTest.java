package io.ticker.service;

import static io.ticker.service.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.ticker.model.protocol.ClientRequest;
import io.ticker.model.protocol.CloseCode;
import io.ticker.model.protocol.ErrorCode;
import io.ticker.model.protocol.FrameType;
import io.ticker.model.protocol.Limits;
import io.ticker.model.protocol.Op;
import io.ticker.model.protocol.Timeframe;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /asyncapi.yaml}: valid against the official AsyncAPI 3.0.0 JSON schema (vendored from
 * {@code @asyncapi/specs}, see src/test/resources/asyncapi/README.md), in step with the protocol's
 * vocabulary in {@code io.ticker.model.protocol} (no op, frame type, error code or close code missing
 * or extra), its examples valid against its own payload schemas, the frames a real node sends valid
 * against them too, and served as it is in the jar.
 */
class AsyncApiTest {

  private static final String DOCUMENT = "webroot/asyncapi.yaml";
  private static final String SCHEMA = "asyncapi/asyncapi-3.0.0-without-id.json";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory DRAFT7 = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);

  static String text;
  static JsonNode doc;
  static TickerNode node;
  static Vertx clients;

  @BeforeAll
  static void load() {
    text = resource(DOCUMENT);
    try {
      doc = YAML.readTree(text);
    } catch (IOException e) {
      throw new AssertionError(DOCUMENT + " is not valid YAML: " + e.getMessage(), e);
    }
    node = TestSupport.startNode("--sim-rate", "300", "--sim-symbols", "12", "--sim-seed", "11");
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      await(node.stop());
    }
    if (clients != null) {
      await(clients.close());
    }
  }

  // (1) the official schema

  @Test
  void documentIsValidAsyncApi300() throws IOException {
    JsonNode schemaNode = JSON.readTree(resource(SCHEMA));
    assertEquals("AsyncAPI 3.0.0 schema.", schemaNode.path("title").asText(), "vendored schema is the 3.0.0 one");
    assertEquals("3.0.0", doc.path("asyncapi").asText());
    Set<ValidationMessage> errors = DRAFT7.getSchema(schemaNode).validate(doc);
    if (!errors.isEmpty()) {
      fail("AsyncAPI 3.0.0 schema (@asyncapi/specs) rejects " + DOCUMENT + " with " + errors.size() + " messages:\n  "
          + errors.stream().map(ValidationMessage::toString).sorted().collect(Collectors.joining("\n  ")));
    }
  }

  @Test
  void theSchemaRejectsABrokenDocument() throws IOException {
    ObjectNode broken = doc.deepCopy();
    ((ObjectNode) broken.path("operations").path("subscribe")).put("action", "publish"); // AsyncAPI 2 wording
    ((ObjectNode) broken.path("info")).remove("title");
    Set<ValidationMessage> errors = DRAFT7.getSchema(JSON.readTree(resource(SCHEMA))).validate(broken);
    assertFalse(errors.isEmpty(), "the validator must catch a broken document, else the test above proves nothing");
  }

  // (2) coverage against the code

  @Test
  void everyOpTheServerAcceptsAndNoOther() {
    Set<String> code = Arrays.stream(Op.values()).map(Op::wire).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(code, constsOf("op"), "ops in " + DOCUMENT + " (components.messages.*.payload.properties.op.const) vs Op");
    Set<String> received = new TreeSet<>();
    operations("receive").forEach(op -> messagesOf(op).forEach(m -> received.add(m.path("payload").path("properties").path("op").path("const").asText())));
    assertEquals(code, received, "every op is the message of a receive operation");
    for (String wire : code) {
      assertTrue(text.contains("const: " + wire), wire);
    }
  }

  @Test
  void everyFrameTheServerSendsAndNoOther() {
    Set<String> code = Arrays.stream(FrameType.values()).map(FrameType::wire).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(code, constsOf("type"), "frame types in " + DOCUMENT + " (components.messages.*.payload.properties.type.const) vs FrameType");
    Set<String> sent = new TreeSet<>();
    for (JsonNode op : operations(null)) {
      List<JsonNode> messages = "send".equals(op.path("action").asText()) ? messagesOf(op) : replyMessagesOf(op);
      messages.forEach(m -> sent.add(m.path("payload").path("properties").path("type").path("const").asText()));
    }
    assertEquals(code, sent, "every frame is sent by a send operation or in a reply");
  }

  @Test
  void everyErrorCodeWithAnExample() {
    Set<String> code = Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    assertEquals(code, strings(doc.at("/components/schemas/ErrorCode/enum")), "ErrorCode enum vs ErrorCode");
    Set<String> described = new TreeSet<>();
    for (String name : code) {
      if (doc.at("/components/schemas/ErrorCode/description").asText().contains("`" + name + "`")) {
        described.add(name);
      }
    }
    assertEquals(code, described, "every error code has its meaning in ErrorCode.description");
    Set<String> examples = new TreeSet<>();
    doc.at("/components/messages/error/examples").forEach(e -> examples.add(e.at("/payload/code").asText()));
    assertEquals(code, examples, "an error example per code");
  }

  @Test
  void everyCloseCodeWithItsMeaning() throws IllegalAccessException {
    Map<Integer, String> code = new TreeMap<>();
    for (Field f : CloseCode.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == short.class) {
        code.put((int) f.getShort(null), f.getName());
      }
    }
    assertFalse(code.isEmpty());
    Map<Integer, String> documented = new TreeMap<>();
    doc.at("/channels/ws/x-close-codes").fields().forEachRemaining(e -> {
      documented.put(Integer.parseInt(e.getKey()), e.getValue().path("name").asText());
      assertFalse(e.getValue().path("meaning").asText().isBlank(), "meaning of close code " + e.getKey());
    });
    assertEquals(code, documented, "channels.ws.x-close-codes (code -> name) vs CloseCode");
    Set<Integer> enumerated = new TreeSet<>();
    doc.at("/components/schemas/CloseCode/enum").forEach(n -> enumerated.add(n.asInt()));
    assertEquals(code.keySet(), enumerated, "components.schemas.CloseCode.enum vs CloseCode");
  }

  @Test
  void boundsAndSecurityAsInTheCode() {
    JsonNode subscribe = doc.at("/components/messages/subscribe/payload/properties");
    assertEquals(Limits.MIN_INTERVAL_MS, subscribe.at("/intervalMs/minimum").asInt());
    assertEquals(Limits.MAX_INTERVAL_MS, subscribe.at("/intervalMs/maximum").asInt());
    assertEquals(Limits.DEFAULT_INTERVAL_MS, subscribe.at("/intervalMs/default").asInt());
    assertTrue(subscribe.has("since"), "subscribe documents since");
    assertEquals(ClientRequest.MAX_TOKEN_CHARS, doc.at("/components/messages/auth/payload/properties/token/maxLength").asInt());
    assertEquals(Limits.PROTOCOL_VERSION, doc.at("/components/messages/welcome/payload/properties/protocol/const").asInt());
    assertEquals(Set.of("none", "jwt"), strings(doc.at("/components/messages/welcome/payload/properties/auth/enum")));
    JsonNode jwt = doc.at("/components/securitySchemes/jwt");
    assertEquals("http", jwt.path("type").asText());
    assertEquals("bearer", jwt.path("scheme").asText());
    assertEquals("JWT", jwt.path("bearerFormat").asText());
    JsonNode authorization = doc.at("/channels/ws/bindings/ws/headers/properties/Authorization");
    assertTrue(authorization.path("description").asText().contains("Bearer"), "the upgrade's Authorization header");
    assertEquals("GET", doc.at("/channels/ws/bindings/ws/method").asText());
    JsonNode candles = doc.at("/components/messages/candlesRequest/payload/properties");
    assertEquals(1, candles.at("/limit/minimum").asInt());
    assertEquals(Limits.MAX_CANDLE_LIMIT, candles.at("/limit/maximum").asInt());
    assertEquals(Limits.DEFAULT_CANDLE_LIMIT, candles.at("/limit/default").asInt());
    assertEquals(Arrays.stream(Timeframe.values()).map(Timeframe::wire).collect(Collectors.toCollection(TreeSet::new)),
        strings(doc.at("/components/schemas/Timeframe/enum")), "Timeframe enum vs Timeframe");
  }

  @Test
  void everyMessageHasExamplesValidAgainstItsPayload() {
    List<String> failures = new ArrayList<>();
    doc.at("/components/messages").fields().forEachRemaining(m -> {
      JsonNode examples = m.getValue().path("examples");
      if (!examples.isArray() || examples.isEmpty()) {
        failures.add(m.getKey() + ": no example");
      }
      JsonSchema payload = payloadSchema(m.getKey());
      for (JsonNode example : examples) {
        payload.validate(example.path("payload"))
            .forEach(v -> failures.add(m.getKey() + " example " + example.path("name").asText() + ": " + v));
      }
    });
    assertTrue(failures.isEmpty(), String.join("\n", failures));
    // and the payload schemas do reject: a float price, a wrong frame type, an interval out of range
    assertFalse(schemaAt("#/components/schemas/Tick").validate(json(
        "{\"symbol\":\"BTC-USD\",\"seq\":1,\"ts\":1,\"price\":43250.12,\"bid\":\"1\",\"ask\":\"1\",\"size\":\"1\","
        + "\"open\":\"1\",\"high\":\"1\",\"low\":\"1\",\"volume\":\"1\",\"change\":\"1\",\"changePct\":\"1\"}")).isEmpty());
    assertFalse(payloadSchema("pong").validate(json("{\"type\":\"ping\",\"serverTime\":1}")).isEmpty());
    assertFalse(payloadSchema("subscribe").validate(json("{\"op\":\"subscribe\",\"symbols\":[\"A\"],\"intervalMs\":10}")).isEmpty());
  }

  // (3) served by a node, and what the node sends fits the document

  @Test
  void servedAsIsWithAYamlContentType() {
    TestSupport.HttpReply reply = TestSupport.get(node.httpPort(), "/asyncapi.yaml");
    assertEquals(200, reply.status());
    assertEquals(text, reply.body(), "/asyncapi.yaml is " + DOCUMENT);
    String type = contentType(node.httpPort(), "/asyncapi.yaml");
    assertEquals("application/yaml", type, "the registered YAML type (RFC 9512), not the StaticHandler's application/x-yaml");
  }

  @Test
  void realFramesFitTheDocument() throws IOException {
    TestSupport.until(() -> TestSupport.get(node.httpPort(), "/health/ready").status() == 200,
        Duration.ofSeconds(20), "node ready");
    List<Map.Entry<String, JsonObject>> frames = new ArrayList<>(); // (message in the document, frame)
    try (WsClient client = WsClient.connect(clients, node.httpPort())) {
      frames.add(Map.entry("welcome", client.next("welcome")));
      client.send("{\"op\":\"subscribe\",\"id\":{\"n\":1},\"symbols\":[\"BTC-USD\",\"NOPE-USD\"],\"intervalMs\":50}");
      frames.add(Map.entry("error", client.next("error")));
      frames.add(Map.entry("subscribed", client.next("subscribed")));
      JsonObject snapshot = client.next("snapshot");
      assertFalse(snapshot.getJsonArray("ticks").isEmpty());
      frames.add(Map.entry("snapshot", snapshot));
      frames.add(Map.entry("update", client.next("update")));
      client.send("{\"op\":\"symbols\",\"id\":\"s\"}");
      frames.add(Map.entry("symbolsReply", client.next("symbols")));
      client.send("{\"op\":\"ping\",\"id\":7}");
      frames.add(Map.entry("pong", client.next("pong")));
      client.send("{\"op\":\"unsubscribe\",\"id\":8,\"symbols\":[\"BTC-USD\"]}");
      frames.add(Map.entry("unsubscribed", client.next("unsubscribed")));
      client.send("{\"op\":\"candles\",\"id\":9,\"symbol\":\"BTC-USD\",\"tf\":\"1s\",\"limit\":5}");
      JsonObject history = client.next("candles");
      assertFalse(history.getJsonArray("candles").isEmpty(), history.encode());
      frames.add(Map.entry("candlesReply", history));
      for (boolean closed : new boolean[] {false, true}) {
        frames.add(Map.entry("candle", client.next(j -> "candle".equals(j.getString("type")) && j.getBoolean("closed") == closed,
            Duration.ofSeconds(5))));
      }
      client.send("{\"op\":\"uncandles\",\"id\":10,\"symbol\":\"BTC-USD\",\"tf\":\"1s\"}");
      frames.add(Map.entry("uncandled", client.next("uncandled")));
    }
    List<String> failures = new ArrayList<>();
    for (Map.Entry<String, JsonObject> frame : frames) {
      payloadSchema(frame.getKey()).validate(JSON.readTree(frame.getValue().encode()))
          .forEach(v -> failures.add(frame.getKey() + " " + frame.getValue().encode() + ": " + v));
    }
    JsonNode restSnapshot = JSON.readTree(TestSupport.get(node.httpPort(), "/api/snapshot").body());
    JsonSchema tick = schemaAt("#/components/schemas/Tick");
    for (JsonNode t : restSnapshot.path("ticks")) {
      tick.validate(t).forEach(v -> failures.add("tick " + t + ": " + v));
    }
    JsonNode restCandles = JSON.readTree(TestSupport.get(node.httpPort(), "/api/candles?symbol=ETH-USD&tf=1m").body());
    assertFalse(restCandles.path("candles").isEmpty(), restCandles.toString());
    JsonSchema candle = schemaAt("#/components/schemas/Candle");
    for (JsonNode c : restCandles.path("candles")) {
      candle.validate(c).forEach(v -> failures.add("candle " + c + ": " + v));
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  // helpers

  /** The const of {@code field} in every message payload that has one. */
  private static Set<String> constsOf(String field) {
    Set<String> values = new TreeSet<>();
    doc.at("/components/messages").forEach(m -> {
      JsonNode c = m.path("payload").path("properties").path(field).path("const");
      if (c.isTextual()) {
        values.add(c.asText());
      }
    });
    return values;
  }

  /** Operations with {@code action} (or all of them for null). */
  private static List<JsonNode> operations(String action) {
    List<JsonNode> ops = new ArrayList<>();
    doc.path("operations").forEach(op -> {
      if (action == null || action.equals(op.path("action").asText())) {
        ops.add(op);
      }
    });
    return ops;
  }

  private static List<JsonNode> messagesOf(JsonNode operation) {
    return resolveAll(operation.path("messages"));
  }

  private static List<JsonNode> replyMessagesOf(JsonNode operation) {
    return resolveAll(operation.path("reply").path("messages"));
  }

  /** Follows local $refs (channel message -> component message). */
  private static List<JsonNode> resolveAll(JsonNode refs) {
    List<JsonNode> nodes = new ArrayList<>();
    for (JsonNode ref : refs) {
      JsonNode n = ref;
      while (n.has("$ref")) {
        String pointer = n.get("$ref").asText();
        assertTrue(pointer.startsWith("#/"), pointer);
        n = doc.at(pointer.substring(1));
        assertFalse(n.isMissingNode(), "dangling " + pointer);
      }
      nodes.add(n);
    }
    return nodes;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> values = new TreeSet<>();
    array.forEach(n -> values.add(n.asText()));
    return values;
  }

  private static JsonSchema payloadSchema(String message) {
    assertNotNull(doc.at("/components/messages/" + message + "/payload"), message);
    return schemaAt("#/components/messages/" + message + "/payload");
  }

  /**
   * The schema at {@code pointer} inside the document, with the document's own $refs resolvable: the
   * document itself with a root $ref (draft 7 ignores the $ref's siblings).
   */
  private static JsonSchema schemaAt(String pointer) {
    assertFalse(doc.at(pointer.substring(1)).isMissingNode(), pointer);
    ObjectNode root = doc.deepCopy();
    root.put("$schema", "http://json-schema.org/draft-07/schema#");
    root.put("$ref", pointer);
    return DRAFT7.getSchema(root);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String contentType(int port, String uri) {
    HttpClient http = TestSupport.HTTP_VERTX.createHttpClient();
    try {
      Promise<String> type = Promise.promise();
      TestSupport.HTTP_VERTX.getOrCreateContext().runOnContext(v -> http.request(HttpMethod.GET, port, "127.0.0.1", uri)
          .compose(req -> req.send())
          .compose(res -> res.body().map(b -> res.getHeader("content-type")))
          .onComplete(type));
      return await(type.future());
    } finally {
      http.close();
    }
  }

  private static String resource(String name) {
    try (InputStream in = AsyncApiTest.class.getClassLoader().getResourceAsStream(name)) {
      assertNotNull(in, name + " on the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
