package io.ticker.service.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ticker.service.TickerMain;
import io.ticker.service.TickerNode;
import io.ticker.service.auth.JwtKeys;
import io.ticker.service.auth.TokenCommand;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the dashboard in Debian's headless Chromium against a real node (embedded simulator) and
 * asserts what a user sees. The steps share one page and run in order: the node restart and failover
 * come after the open-server steps, then a second node with {@code --auth jwt} checks signing in.
 * The candle chart is compared with {@code GET /api/candles} of the node the page is connected to.
 * Screenshots go to target/screenshots/; scripts/refresh-screenshots.sh copies them to docs/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final String PRICES_JS = """
      const out = {};
      for (const tr of document.querySelectorAll('#watchlist tbody tr')) out[tr.dataset.symbol] = tr.querySelector('td.price').textContent;
      return out;""";
  /** Pixels of the candle chart's canvas in the candle colours: [bodies and wicks, volume bars in the bottom fifth of the plot]. */
  private static final String CANDLE_PIXELS_JS = """
      const canvas = document.querySelector('#candles canvas'), over = document.querySelector('#candles .u-over');
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const ratio = canvas.width / canvas.clientWidth;
      const volumeTop = Math.round((over.offsetTop + over.offsetHeight * 0.8) * ratio);
      const volumeBottom = Math.round((over.offsetTop + over.offsetHeight) * ratio);
      let candles = 0, volume = 0;
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]], y = Math.floor(i / 4 / canvas.width);
        if ((r === 0x3f && g === 0xb9 && b === 0x50) || (r === 0xf8 && g === 0x51 && b === 0x49)) candles++;
        else if (y >= volumeTop && y < volumeBottom && (g > r + 20 || r > g + 30)) volume++;
      }
      return [candles, volume];""";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private TickerNode node;
  private int port;
  private TickerNode jwtNode;
  private Path jwtSecret;
  private Path profile;
  private ChromeDriver driver;
  private final List<LogEntry> consoleLog = new ArrayList<>();

  @BeforeAll
  void start() throws IOException {
    node = startNode("0");
    port = node.httpPort();
    profile = Files.createTempDirectory("ticker-chromium-");
    // Selenium Manager must never try to resolve or download a browser or driver here.
    System.setProperty("SE_OFFLINE", "true");
    System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--window-size=1400,900", "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort()
        .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(5));
    driver.get("http://127.0.0.1:" + port + "/");
    // --window-size is the outer window; make the page itself 1400x900 for the screenshot.
    long innerHeight = (Long) js("return window.innerHeight");
    driver.manage().window().setSize(new Dimension(1400, (int) (900 + 900 - innerHeight)));
  }

  @AfterAll
  void stop() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (node != null) {
      await(node.stop());
    }
    if (jwtNode != null) {
      await(jwtNode.stop());
    }
    if (jwtSecret != null) {
      Files.deleteIfExists(jwtSecret);
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
  }

  @Test
  @Order(1)
  void tableFillsWithCryptoAndStocksAndStatusBarShowsTheNode() {
    until(() -> rows().size() >= 40, "the default `*` subscription fills the table (~50 symbols)");
    until(() -> !text("tr[data-symbol='BTC-USD'] td.price").isEmpty(), "BTC-USD has a price");
    assertEquals("crypto", attr("tr[data-symbol='BTC-USD']", "data-kind"));
    assertEquals("stock", attr("tr[data-symbol='AAPL']", "data-kind"));
    assertEquals("Bitcoin", text("tr[data-symbol='BTC-USD'] td.name"));
    assertTrue(text("tr[data-symbol='AAPL'] td.price").matches("\\d+\\.\\d+"), "prices are shown as sent");
    assertEquals("250", attr("#interval", "data-confirmed"), "default interval is 250 ms");

    assertEquals("connected", text("#conn-state"));
    assertEquals(node.nodeId(), text("#node-id"));
    assertEquals("live", text("#feed-state"));
    until(() -> text("#tick-age").matches("p50 -?\\d+ ms · max -?\\d+ ms"), "a measured tick age");
    until(() -> Double.parseDouble(attr("#updates-rate", "data-ticks-per-sec")) > 10, "updates/s are counted");
  }

  @Test
  @Order(2)
  void pricesChangeAndFlash() {
    Map<String, String> before = prices();
    until(() -> changed(before, prices()) >= 10, "at least ten prices change");
    until(() -> !driver.findElements(By.cssSelector("td.price.flash-up, td.price.flash-down")).isEmpty(),
        "a price cell flashes");
  }

  @Test
  @Order(3)
  void clickingARowShowsItsCandlesWithVolumeAndALegendOfTheServersFigures() {
    driver.findElement(By.cssSelector("tr[data-symbol='ETH-USD'] td.name")).click();
    assertTrue(attr("tr[data-symbol='ETH-USD']", "class").contains("selected"));
    assertEquals("true", attr("#chart-views button[data-view='candles']", "aria-pressed"), "candles are the default view");
    assertEquals("true", attr("#timeframes button[data-tf='1m']", "aria-pressed"), "1m is the default timeframe");
    driver.findElement(By.cssSelector("#timeframes button[data-tf='1s']")).click();
    assertEquals("true", attr("#timeframes button[data-tf='1s']", "aria-pressed"));
    until(Duration.ofSeconds(20), () -> candleCount() >= 10, "ten seconds of 1s candles");
    showsTheApisCandles("ETH-USD", "1s");
    WebElement canvas = driver.findElement(By.cssSelector("#candles canvas"));
    assertTrue(canvas.getSize().getWidth() > 100 && canvas.getSize().getHeight() > 100, "uPlot canvas " + canvas.getSize());
    List<?> pixels = (List<?>) js(CANDLE_PIXELS_JS);
    assertTrue(((Number) pixels.get(0)).longValue() > 200, "candle bodies and wicks are drawn: " + pixels);
    assertTrue(((Number) pixels.get(1)).longValue() > 200, "volume bars are drawn under them: " + pixels);

    // Pointing at the oldest candle: the legend shows that candle, as /api/candles has it (closed, so final).
    WebElement over = driver.findElement(By.cssSelector("#candles .u-over"));
    new Actions(driver).moveToElement(over, -over.getSize().getWidth() / 2 + 2, 0).perform();
    until(() -> attr("#candle-legend", "data-t").equals(attr("#candles", "data-first")), "the legend follows the pointer");
    long t = Long.parseLong(attr("#candle-legend", "data-t"));
    JsonObject candle = apiCandles("ETH-USD", "1s").stream().map(JsonObject.class::cast)
        .filter(c -> c.getLong("t") == t).findFirst().orElseThrow(() -> new AssertionError("no candle " + t + " in /api/candles"));
    for (String field : List.of("o", "h", "l", "c", "v")) {
      assertEquals(candle.getString(field), text("#candle-legend [data-field='" + field + "']"), "legend " + field + " of " + candle);
    }
    assertEquals(String.valueOf(candle.getLong("n")), text("#candle-legend [data-field='n']"));
    assertFalse(text("#candle-legend [data-field='time']").isBlank(), "the candle's time");
    screenshot("dashboard.png");

    // Pointer gone: the legend shows the newest candle.
    new Actions(driver).moveToElement(driver.findElement(By.id("chart-title"))).perform();
    until(() -> attr("#candle-legend", "data-t").equals(attr("#candles", "data-last")), "the legend shows the newest candle");
  }

  @Test
  @Order(4)
  void theFormingCandleMovesLive() {
    driver.findElement(By.cssSelector("#timeframes button[data-tf='1m']")).click();
    showsTheApisCandles("ETH-USD", "1m");
    String[] seen = {"", ""};
    // The newest 1m candle, as the legend shows it, takes more ticks (unless the minute turns between two looks).
    until(() -> {
      String t = attr("#candle-legend", "data-t");
      String n = text("#candle-legend [data-field='n']");
      boolean grew = t.equals(seen[0]) && !t.isEmpty() && Long.parseLong(n) > Long.parseLong(seen[1]);
      seen[0] = t;
      seen[1] = n;
      return grew;
    }, "the forming candle's tick count grows on screen");
    assertEquals(0, Long.parseLong(seen[0]) % 60_000, "1m candles open on the minute");
    assertEquals(attr("#candles", "data-last"), seen[0], "the legend's candle is the chart's newest");
    assertTrue(text("#candle-legend [data-field='c']").matches("\\d+\\.\\d+"), "the close as the server sent it");
  }

  @Test
  @Order(5)
  void switchingTimeframesRedrawsAndAReloadShowsTheHistoryAtOnce() {
    for (String tf : List.of("5m", "1h", "1s")) {
      driver.findElement(By.cssSelector("#timeframes button[data-tf='" + tf + "']")).click();
      showsTheApisCandles("ETH-USD", tf);
      assertEquals("true", attr("#timeframes button[data-tf='" + tf + "']", "aria-pressed"));
      assertTrue((Long) js("return document.querySelectorAll('#timeframes button[aria-pressed=\"true\"]').length") == 1);
      List<?> pixels = (List<?>) js(CANDLE_PIXELS_JS);
      assertTrue(((Number) pixels.get(0)).longValue() > 20, tf + " candles are drawn: " + pixels);
    }
    assertEquals("\"1s\"", js("return localStorage.getItem('ticker.timeframe')"));

    int before = candleCount();
    driver.navigate().refresh();
    until(() -> candleCount() > 0, "candles after the reload");
    assertTrue(candleCount() >= before, "the whole history at once (" + candleCount() + " candles), not built up from the reload on: " + before);
    assertEquals("ETH-USD", attr("#candles", "data-symbol"), "the same symbol");
    assertEquals("1s", attr("#candles", "data-tf"), "the same timeframe");
    showsTheApisCandles("ETH-USD", "1s");
  }

  @Test
  @Order(6)
  void theLineViewStaysAvailableAndTheChartGrows() {
    driver.findElement(By.cssSelector("#chart-views button[data-view='line']")).click();
    until(() -> driver.findElement(By.id("chart")).isDisplayed(), "the price line is shown");
    assertFalse(driver.findElement(By.id("candles")).isDisplayed(), "instead of the candles");
    assertFalse(driver.findElement(By.id("timeframes")).isDisplayed(), "timeframes are for candles");
    assertEquals("\"line\"", js("return localStorage.getItem('ticker.chartView')"));
    until(() -> "ETH-USD".equals(attr("#chart", "data-symbol")), "the chart shows the selected symbol");
    WebElement canvas = driver.findElement(By.cssSelector("#chart canvas"));
    assertTrue(canvas.getSize().getWidth() > 100 && canvas.getSize().getHeight() > 100, "uPlot canvas " + canvas.getSize());
    int points = Integer.parseInt(attr("#chart", "data-points"));
    until(() -> Integer.parseInt(attr("#chart", "data-points")) >= points + 3, "the chart's data grows");

    driver.findElement(By.cssSelector("#chart-views button[data-view='candles']")).click();
    until(() -> driver.findElement(By.id("candles")).isDisplayed() && !driver.findElement(By.id("chart")).isDisplayed(), "candles again");
    showsTheApisCandles("ETH-USD", "1s");
  }

  @Test
  @Order(7)
  void removingASymbolDropsItsRowAndSearchAddsItBack() {
    driver.findElement(By.cssSelector("tr[data-symbol='DOGE-USD'] button.remove")).click();
    until(() -> driver.findElements(By.cssSelector("tr[data-symbol='DOGE-USD']")).isEmpty(), "the row is removed");
    sleep(1200); // several update frames later, no tick brought it back
    assertTrue(driver.findElements(By.cssSelector("tr[data-symbol='DOGE-USD']")).isEmpty(), "no more updates for a removed symbol");
    String saved = (String) js("return localStorage.getItem('ticker.watchlist')");
    assertTrue(saved.contains("\"all\":false") && !saved.contains("DOGE-USD") && saved.contains("BTC-USD"), saved);

    WebElement search = driver.findElement(By.id("symbol-search"));
    search.click();
    search.sendKeys("doge");
    until(() -> !driver.findElements(By.cssSelector("#search-results li[data-symbol='DOGE-USD']")).isEmpty(), "a search result");
    WebElement hit = driver.findElement(By.cssSelector("#search-results li[data-symbol='DOGE-USD']"));
    assertTrue(hit.getText().contains("Dogecoin") && hit.getText().contains("crypto"), hit.getText());
    hit.click();
    until(() -> !driver.findElements(By.cssSelector("tr[data-symbol='DOGE-USD']")).isEmpty(), "the row is back");
    until(() -> !text("tr[data-symbol='DOGE-USD'] td.price").isEmpty(), "the added symbol gets a price from its snapshot");
    assertTrue(((String) js("return localStorage.getItem('ticker.watchlist')")).contains("DOGE-USD"));
  }

  @Test
  @Order(8)
  void sortingByChangeOrdersTheRows() {
    js("window.scrollTo(0, 0)"); // the header row must not sit under the sticky status bar
    driver.findElement(By.cssSelector("#watchlist th[data-sort='changePct']")).click();
    until(() -> isSorted(-1), "rows sorted by change %, descending");
    driver.findElement(By.cssSelector("#watchlist th[data-sort='changePct']")).click();
    until(() -> isSorted(1), "rows sorted by change %, ascending");
  }

  @Test
  @Order(9)
  void intervalSelectChangesTheCadence() {
    chooseInterval("1000");
    until(() -> framesPerSec() <= 1.5, "about one frame per second at 1 s");
    chooseInterval("100");
    until(() -> framesPerSec() >= 5, "several frames per second at 100 ms");
    assertEquals("100", js("return localStorage.getItem('ticker.intervalMs')"));
    chooseInterval("250");
  }

  @Test
  @Order(10)
  void narrowWindowStaysReadable() {
    Dimension wide = driver.manage().window().getSize();
    try {
      driver.manage().window().setSize(new Dimension(480, 800));
      until(() -> (Long) js("return window.innerWidth") <= 480, "the window is narrow");
      assertTrue((Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth"), "no sideways scrolling");
      assertTrue(driver.findElement(By.cssSelector("tr[data-symbol='BTC-USD'] td.price")).isDisplayed(), "price still shown");
      assertTrue(driver.findElement(By.cssSelector("tr[data-symbol='BTC-USD'] td.change-pct")).isDisplayed(), "change % still shown");
      assertFalse(driver.findElement(By.cssSelector("tr[data-symbol='BTC-USD'] td.high")).isDisplayed(), "secondary columns fold away");
      assertTrue(driver.findElement(By.id("symbol-search")).isDisplayed() && driver.findElement(By.id("interval")).isDisplayed());
      WebElement canvas = driver.findElement(By.cssSelector("#candles canvas"));
      until(() -> canvas.getSize().getWidth() <= 480, "the chart follows the window width");
      screenshot("dashboard-narrow.png");
    } finally {
      driver.manage().window().setSize(wide);
    }
  }

  @Test
  @Order(11)
  void noSevereConsoleErrors() {
    List<String> severe = severe(readConsole());
    assertTrue(severe.isEmpty(), "browser console errors: " + severe);
  }

  @Test
  @Order(12)
  void reconnectsByItselfAfterTheNodeRestartsOnTheSamePort() {
    String oldNode = node.nodeId();
    await(node.stop());
    until(() -> !"connected".equals(text("#conn-state")), "the page notices the node is gone");
    until(() -> driver.findElements(By.cssSelector("td.price.flash-up, td.price.flash-down")).isEmpty(),
        "flashes end by themselves (~600 ms)");
    assertTrue(attr("#watchlist", "class").contains("stale"), "last-known prices are marked stale");

    node = startNode(String.valueOf(port));
    assertNotEquals(oldNode, node.nodeId());
    until(() -> "connected".equals(text("#conn-state")) && node.nodeId().equals(text("#node-id")), "reconnected to the new node");
    Map<String, String> before = prices();
    until(() -> changed(before, prices()) >= 5, "prices update again");
    assertFalse(attr("#watchlist", "class").contains("stale"));
    assertTrue(driver.findElements(By.cssSelector("tr[data-symbol='DOGE-USD']")).size() == 1, "the same watchlist was resubscribed");
    assertEquals("250", attr("#interval", "data-confirmed"), "with the same interval");
    showsTheApisCandles(attr("#candles", "data-symbol"), "1s"); // the new node's history replaced the old one's
    // While the node was down, Chromium itself logs each refused WebSocket connection; nothing else is allowed.
    List<String> severe = severe(readConsole()).stream().filter(m -> !m.contains("WebSocket connection to")).toList();
    assertTrue(severe.isEmpty(), "browser console errors: " + severe);
  }

  @Test
  @Order(13)
  void failsOverToTheNextNodeAndKeepsUpWithAThousandSymbols() {
    TickerNode big = await(TickerNode.start(TickerMain.parse("--http-port", "0", "--http-host", "127.0.0.1",
        "--sim-rate", "10000", "--sim-symbols", "1000", "--sim-seed", "7")));
    try {
      // The first URL refuses connections: the page must move on to the second one by itself.
      driver.get("http://127.0.0.1:" + port + "/?nodes=ws://127.0.0.1:1/ws,ws://127.0.0.1:" + big.httpPort() + "/ws");
      until(() -> big.nodeId().equals(text("#node-id")), "failed over to the second node");
      WebElement search = driver.findElement(By.id("symbol-search"));
      search.click();
      search.sendKeys("*", Keys.ENTER);
      chooseInterval("100");
      until(() -> rows().size() == 1000, "`*` on 1,000 symbols fills the table");
      // Smoothness: measure animation-frame gaps in the page while 1,000 symbols update every 100 ms.
      @SuppressWarnings("unchecked")
      Map<String, Object> frames = (Map<String, Object>) ((JavascriptExecutor) driver).executeAsyncScript("""
          const done = arguments[arguments.length - 1];
          const gaps = []; let last = performance.now();
          const start = last;
          function f(now) { gaps.push(now - last); last = now; if (now - start < 3000) requestAnimationFrame(f); else finish(); }
          function finish() { gaps.sort((a, b) => a - b);
            done({frames: gaps.length, p50: gaps[Math.floor(gaps.length / 2)], p95: gaps[Math.floor(gaps.length * 0.95)]}); }
          requestAnimationFrame(f);""");
      System.out.println("1,000 symbols at 100 ms: animation frames " + frames + ", " + text("#updates-rate") + ", tick age " + text("#tick-age"));
      // How smooth it is depends on the machine and what else runs on it (p50 ~17 ms on a laptop,
      // 40-150 ms on this 2-core box beside a build): printed above, a figure for the notes, not a
      // pass mark. What the test holds on any machine: the page keeps painting, no paint stalls it
      // for a second (a page that re-rendered 1,000 rows per message would).
      assertTrue(((Number) frames.get("frames")).intValue() >= 10, "the page kept painting: " + frames);
      assertTrue(((Number) frames.get("p95")).doubleValue() < 1000, "no paint stalled the page for a second: " + frames);
      assertTrue(Double.parseDouble(attr("#updates-rate", "data-ticks-per-sec")) > 1000, text("#updates-rate"));
    } finally {
      await(big.stop());
    }
  }

  @Test
  @Order(14)
  void jwtModeTakesTheTokenFromTheFragmentAndShowsOnlyGrantedSymbols() throws IOException {
    jwtSecret = Files.createTempFile("ticker-jwt-", ".secret");
    Files.writeString(jwtSecret, "dashboard-browser-test-secret-of-more-than-32-bytes\n");
    jwtNode = startNode("0", "--auth", "jwt", "--jwt-secret-file", jwtSecret.toString());
    String page = jwtPage();
    driver.get(page + "#token=" + token("alice", List.of("kind:crypto", "AAPL"), 3600));

    until(() -> "alice".equals(text("#auth-sub")), "signed in as the token's sub");
    assertEquals(page, driver.getCurrentUrl(), "the token is taken out of the address bar");
    assertTrue(driver.findElement(By.id("auth-field")).isDisplayed(), "the status bar shows who is signed in");
    assertTrue(text("#auth-field").matches("(?s)signed in as alice\\s+until \\S.*sign out"), text("#auth-field"));
    assertFalse(driver.findElement(By.id("sign-in")).isDisplayed(), "no token form");
    assertEquals("connected", text("#conn-state"));

    // A new origin, so the default `*` watchlist: every granted symbol (20 crypto pairs and AAPL), nothing else.
    until(() -> rows().size() >= 21 && (Boolean) js("return [...document.querySelectorAll('#watchlist tbody tr')].every(tr => tr.dataset.kind)"),
        () -> "granted rows with names; the page has " + js("return [...document.querySelectorAll('#watchlist tbody tr')]"
            + ".map(tr => tr.dataset.symbol + ':' + (tr.dataset.kind || 'no-kind')).join(' ')") + ", connection " + text("#conn-state"));
    // Rows far below the window are not painted until they come into view (the table's IntersectionObserver):
    // each row, brought into view as a user would scroll to it, shows its price.
    @SuppressWarnings("unchecked")
    List<String> granted = (List<String>) js("return [...document.querySelectorAll('#watchlist tbody tr')].map(tr => tr.dataset.symbol)");
    for (String symbol : granted) {
      js("document.querySelector(\"tr[data-symbol='" + symbol + "']\").scrollIntoView({block: 'center'})");
      until(() -> !text("tr[data-symbol='" + symbol + "'] td.price").isEmpty(), symbol + " shows its price once in view");
    }
    assertEquals(List.of(), js("return [...document.querySelectorAll('#watchlist tbody tr')]"
        + ".filter(tr => tr.dataset.kind !== 'crypto' && tr.dataset.symbol !== 'AAPL').map(tr => tr.dataset.symbol)"),
        "only granted symbols have rows");
    assertTrue(hasRow("BTC-USD") && hasRow("AAPL") && !hasRow("MSFT") && !hasRow("NVDA"));
    until(() -> candleCount() > 0, "candles of the selected (granted) symbol");

    // An ungranted symbol typed into the search: the server refuses it, the page says so in plain words.
    WebElement search = driver.findElement(By.id("symbol-search"));
    search.click();
    search.sendKeys("MSFT", Keys.ENTER);
    until(() -> driver.findElement(By.id("message")).isDisplayed(), "a notice");
    assertEquals("Your access does not include MSFT.", text("#message"));
    assertFalse(hasRow("MSFT"), "no row for a refused symbol");
    assertFalse(((String) js("return localStorage.getItem('ticker.watchlist') || ''")).contains("MSFT"));
    Map<String, String> before = prices();
    until(() -> changed(before, prices()) >= 3, "the notice does not block: granted prices keep updating");
  }

  @Test
  @Order(15)
  void jwtModeAsksForATokenWhenThereIsNoneAndSignsInWithAPastedOne() {
    driver.findElement(By.id("sign-out")).click();
    until(() -> driver.findElement(By.id("sign-in")).isDisplayed(), "signing out shows the token form");
    assertNull(js("return sessionStorage.getItem('ticker.token')"), "signing out forgets the token");
    assertEquals("signed out", text("#conn-state"));

    driver.get(jwtPage());
    until(() -> driver.findElement(By.id("sign-in")).isDisplayed(), "without a token the page asks for one");
    assertTrue(text("#sign-in-reason").contains("needs an access token"), text("#sign-in-reason"));
    assertFalse(driver.findElement(By.id("watchlist")).isDisplayed(), "no table while signed out");
    assertFalse(driver.findElement(By.id("auth-field")).isDisplayed());
    screenshot("dashboard-sign-in.png");

    signInWith(token("bob", List.of("AAPL", "MSFT"), 3600));
    until(() -> "bob".equals(text("#auth-sub")), "signed in as bob");
    until(() -> hasRow("AAPL") && hasRow("MSFT") && !text("tr[data-symbol='MSFT'] td.price").isEmpty(), "bob's rows");
    assertEquals(2, rows().size(), "bob is granted two symbols");
    assertFalse(driver.findElement(By.id("sign-in")).isDisplayed());
    assertNotNull(js("return sessionStorage.getItem('ticker.token')"), "the pasted token is kept for this tab");
    // The figures before "sign out" change several times a second; the button must not move with them
    // (it did, and a click could land where it had just been). Short and long figures, one layout each.
    List<?> left = (List<?>) js("""
        const age = document.getElementById('tick-age'), rate = document.getElementById('updates-rate');
        const button = document.getElementById('sign-out'), left = [];
        for (const [a, r] of [['–', '–'], ['p50 1234 ms · max 12345 ms', '12345 upd/s · 99.9 frames/s']]) {
          age.textContent = a;
          rate.textContent = r;
          left.push(button.getBoundingClientRect().left);
        }
        return left;""");
    assertEquals(left.get(0), left.get(1), "sign out stays put while the status figures change width");
  }

  @Test
  @Order(16)
  void jwtModeShowsTheFormAgainForABadOrExpiredToken() {
    driver.findElement(By.id("sign-out")).click();
    signInWith("not-a-token");
    until(() -> driver.findElement(By.id("sign-in")).isDisplayed()
        && text("#sign-in-reason").startsWith("The server did not accept this token"), "a bad token is refused");
    assertEquals("signed out", text("#conn-state"), "no reconnecting with a bad token");
    assertNull(js("return sessionStorage.getItem('ticker.token')"));

    // A token that runs out while in use: the server's "token expired" brings the form back.
    signInWith(token("carol", List.of("kind:crypto"), 4));
    until(() -> "carol".equals(text("#auth-sub")) && hasRow("BTC-USD"), "signed in as carol");
    new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(100)).withMessage("the token expires")
        .until(d -> d.findElement(By.id("sign-in")).isDisplayed());
    assertEquals("Your sign-in has expired. Paste a fresh token to continue.", text("#sign-in-reason"));
    assertEquals("signed out", text("#conn-state"));
    List<String> severe = severe(readConsole()).stream().filter(m -> !m.contains("WebSocket connection to")).toList();
    assertTrue(severe.isEmpty(), "browser console errors: " + severe);
  }

  // ---- helpers

  private static TickerNode startNode(String port, String... flags) {
    List<String> args = new ArrayList<>(List.of("--http-port", port, "--http-host", "127.0.0.1",
        "--sim-rate", "2000", "--sim-seed", "7"));
    args.addAll(List.of(flags));
    return await(TickerNode.start(TickerMain.parse(args.toArray(String[]::new))));
  }

  private String jwtPage() {
    return "http://127.0.0.1:" + jwtNode.httpPort() + "/";
  }

  private String token(String sub, List<String> grants, long ttlSeconds) {
    return TokenCommand.sign(jwtNode.vertx(), JwtKeys.hmac(jwtSecret), sub, grants, ttlSeconds, null, null);
  }

  private void signInWith(String token) {
    until(() -> driver.findElement(By.id("sign-in")).isDisplayed(), "the token form");
    WebElement input = driver.findElement(By.id("token-input"));
    input.clear();
    input.sendKeys(token);
    driver.findElement(By.cssSelector("#sign-in button[type='submit']")).click();
  }

  private boolean hasRow(String symbol) {
    return !driver.findElements(By.cssSelector("tr[data-symbol='" + symbol + "']")).isEmpty();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("operation failed: " + e, e);
    }
  }

  private void until(Supplier<Boolean> condition, String what) {
    until(WAIT, condition, what);
  }

  private void until(Duration wait, Supplier<Boolean> condition, String what) {
    new WebDriverWait(driver, wait, Duration.ofMillis(100)).withMessage(what).until(d -> condition.get());
  }

  /** Like {@link #until(Supplier, String)}, saying on a timeout what the page showed then ({@code what}). */
  private void until(Supplier<Boolean> condition, Supplier<String> what) {
    new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(what).until(d -> condition.get());
  }

  /** How many candles the candle chart holds (0 before its first paint). */
  private int candleCount() {
    String count = attr("#candles", "data-candles");
    return count.isEmpty() ? 0 : Integer.parseInt(count);
  }

  /**
   * Waits until the candle chart of {@code symbol} at {@code tf} holds the candles /api/candles has
   * (count, first, last), none missing, up to the newest it has drawn. The API may have one newer: a
   * candle that began after the page's last stream frame reaches the page at its connection's next
   * flush, up to an interval later, so an exact match of the newest depends on where that flush
   * falls in the second.
   */
  private void showsTheApisCandles(String symbol, String tf) {
    String[] last = {""};
    new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(() -> "the chart shows the " + tf + " candles of " + symbol
        + " that /api/candles has: " + last[0]).until(d -> {
      if (!symbol.equals(attr("#candles", "data-symbol")) || !tf.equals(attr("#candles", "data-tf"))) {
        return false;
      }
      String count = attr("#candles", "data-candles");
      String first = attr("#candles", "data-first");
      String newest = attr("#candles", "data-last");
      JsonArray api = apiCandles(symbol, tf);
      List<Long> times = api.stream().map(c -> ((JsonObject) c).getLong("t")).toList();
      List<Long> upToPage = newest.isEmpty() ? List.of() : times.stream().filter(t -> t <= Long.parseLong(newest)).toList();
      last[0] = count + " candles " + first + ".." + newest + " on the page; the API has " + times.size()
          + (times.isEmpty() ? "" : " (" + times.get(0) + ".." + times.get(times.size() - 1) + "), " + upToPage.size() + " of them up to the page's newest");
      return !upToPage.isEmpty() && String.valueOf(upToPage.size()).equals(count)
          && String.valueOf(upToPage.get(0)).equals(first) && String.valueOf(upToPage.get(upToPage.size() - 1)).equals(newest)
          && times.size() - upToPage.size() <= 1;
    });
  }

  private JsonArray apiCandles(String symbol, String tf) {
    try {
      HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/api/candles?symbol=" + symbol + "&tf=" + tf + "&limit=300")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, reply.statusCode(), reply.body());
      return new JsonObject(reply.body()).getJsonArray("candles");
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private String text(String css) {
    return (String) js("const e = document.querySelector(\"" + css + "\"); return e ? e.textContent : '';");
  }

  private String attr(String css, String name) {
    Object v = js("const e = document.querySelector(\"" + css + "\"); return e ? e.getAttribute('" + name + "') : null;");
    return v == null ? "" : (String) v;
  }

  /** Saves the viewport as PNG under target/screenshots/ (the working directory is ticker-service/). */
  private void screenshot(String name) {
    Path png = SCREENSHOTS.resolve(name);
    try {
      Files.createDirectories(png.getParent());
      Files.write(png, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new AssertionError("cannot write " + png, e);
    }
  }

  private List<WebElement> rows() {
    return driver.findElements(By.cssSelector("#watchlist tbody tr[data-symbol]"));
  }

  @SuppressWarnings("unchecked")
  private Map<String, String> prices() {
    return (Map<String, String>) js(PRICES_JS);
  }

  private static long changed(Map<String, String> before, Map<String, String> after) {
    return after.entrySet().stream().filter(e -> before.containsKey(e.getKey()) && !e.getValue().equals(before.get(e.getKey()))).count();
  }

  private boolean isSorted(int dir) {
    @SuppressWarnings("unchecked")
    // Only rows on screen are painted (off-screen ones catch up when scrolled to), so check those; live
    // values move between re-sorts (once a second), and the poll catches the order a re-sort produced.
    List<Object> values = (List<Object>) js("return [...document.querySelectorAll('#watchlist tbody tr td.change-pct')]"
        + ".filter(td => { const r = td.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })"
        + ".map(td => parseFloat(td.textContent)).filter(v => !Number.isNaN(v));");
    for (int i = 1; i < values.size(); i++) {
      if (dir * Double.compare(((Number) values.get(i)).doubleValue(), ((Number) values.get(i - 1)).doubleValue()) < 0) {
        return false;
      }
    }
    return values.size() >= 5;
  }

  private void chooseInterval(String ms) {
    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("interval"))).selectByValue(ms);
    until(() -> ms.equals(attr("#interval", "data-confirmed")), "the server confirms intervalMs " + ms);
    sleep(2200); // let the 2 s rate window fill with frames at the new cadence
  }

  private double framesPerSec() {
    return Double.parseDouble(attr("#updates-rate", "data-frames-per-sec"));
  }

  private List<LogEntry> readConsole() {
    consoleLog.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
    return consoleLog;
  }

  private static List<String> severe(List<LogEntry> log) {
    return log.stream().filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
        .map(LogEntry::getMessage).toList();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
