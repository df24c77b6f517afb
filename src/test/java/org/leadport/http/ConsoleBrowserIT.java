package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The export console in a real browser: Debian's Chromium, headless, through its chromedriver and
 * Selenium, against a real server. Signs in, starts exports with the form, watches them finish,
 * downloads a file and reads its rows, cancels a running export, shows an API validation error next
 * to its field, works from the keyboard and at 360 px. Screenshots go to {@code
 * target/console-screenshots/}. Skipped where Chromium or chromedriver is missing.
 */
class ConsoleBrowserIT {
  /** Debian's Chromium and its driver; the properties only move them (or hide them, to try). */
  static final Path CHROMIUM =
      Path.of(System.getProperty("leadport.chromium", "/usr/bin/chromium"));

  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("leadport.chromedriver", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

  /** The browser's time zone: far from UTC, so times shown in UTC would be caught. */
  static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

  static final int LEADS = 250;

  /** Selenium's own logging; a field, so the level set here is not collected away. */
  static final Logger SELENIUM_LOG = Logger.getLogger("org.openqa.selenium");

  static TestServer server;
  static Tenant tenant;

  ChromeDriver driver;
  WebDriverWait wait;
  Path downloads;
  Path profile;
  String testName;

  static final String MISSING =
      "No Chromium at "
          + CHROMIUM
          + " or no chromedriver at "
          + CHROMEDRIVER
          + ": the console's browser tests are skipped;"
          + " install with: apt-get install chromium chromium-driver";

  static boolean browserPresent() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  @BeforeAll
  static void start() throws IOException {
    if (!browserPresent()) {
      System.err.println("ConsoleBrowserIT: " + MISSING);
      return;
    }
    SELENIUM_LOG.setLevel(Level.SEVERE);
    Files.createDirectories(SCREENSHOTS);
    server = TestServer.builder().exports(e -> e.withQuota(1_000)).start();
    tenant = server.tenant("console-browser");
    seed(tenant, LEADS);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openBrowser(TestInfo info) throws IOException {
    // Each test says why it is skipped, rather than the class vanishing from the reports.
    assumeTrue(browserPresent(), MISSING);
    testName = info.getTestMethod().orElseThrow().getName();
    downloads = Files.createTempDirectory("console-downloads");
    profile = Files.createTempDirectory("console-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--lang=en-US",
        "--window-size=1280,1000",
        "--user-data-dir=" + profile);
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    prefs.put("intl.accept_languages", "en-US");
    options.setExperimentalOption("prefs", prefs);
    // The driver is given explicitly, so Selenium Manager is never asked for one. Quitting a
    // driver stops its service: one of each per test.
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .withEnvironment(Map.of("TZ", ZONE.getId()))
            .build();
    driver = new ChromeDriver(service, options);
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50));
    // The log updates its rows in place while a test reads them.
    wait.ignoring(StaleElementReferenceException.class);
  }

  /** A failed test leaves a screenshot of the page as it was, before the browser closes. */
  @RegisterExtension
  final AfterTestExecutionCallback failureShot =
      context -> {
        if (context.getExecutionException().isPresent() && driver != null) {
          shot(testName + "-failed");
        }
      };

  @AfterEach
  void closeBrowser() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    deleteTree(downloads);
    deleteTree(profile);
  }

  // ------------------------------------------------------------------ scenarios

  @Test
  void signsInStartsAnExportWatchesItFinishAndDownloadsItsRows() throws Exception {
    open();
    shot("sign-in");
    signIn(tenant.key());
    // The key lives in this tab's session storage only: no cookie, nothing in the address.
    assertThat(js("return sessionStorage.getItem('leadport.console.key')")).isEqualTo(tenant.key());
    assertThat(js("return document.cookie")).isEqualTo("");
    assertThat(driver.getCurrentUrl()).isEqualTo(server.url("/console"));
    assertThat(text("tz")).isEqualTo(ZONE.getId());
    assertThat(driver.findElement(By.linkText("API reference (OpenAPI)")).getAttribute("href"))
        .isEqualTo(server.url("/openapi.yaml"));

    new Select(byId("f-type")).selectByValue("leads");
    new Select(byId("f-format")).selectByValue("csv");
    assertThat(new Select(byId("f-format")).getOptions())
        .extracting(WebElement::getText)
        .containsExactly("CSV", "JSON", "NDJSON", "Excel (XLSX)", "Excel 97 (XLS)", "Parquet");
    // Headers in the browser's language, English here; the usual columns ticked.
    assertThat(new Select(byId("f-language")).getFirstSelectedOption().getAttribute("value"))
        .isEqualTo("en");
    @SuppressWarnings("unchecked")
    List<String> ticked =
        (List<String>)
            js(
                "return [...document.querySelectorAll('#fields-list input:checked')]"
                    + ".map(b => b.labels[0].textContent)");
    assertThat(ticked).hasSizeGreaterThan(3);
    assertThat(text("fields-count")).isEqualTo(Integer.toString(ticked.size()));
    shot("form");
    List<String> before = rowIds();
    byId("create").click();
    String id = awaitNewRow(before);
    WebElement row = row(id);
    assertThat(row.findElement(By.cssSelector(".job-surface")).getText()).isEqualTo("via Console");

    wait.until(d -> stateOf(id).equals("Ready to download"));
    JsonNode job = api("GET", "/api/v1/exports/" + id).json();
    assertThat(job.path("state").asText()).isEqualTo("succeeded");
    assertThat(job.path("rows_done").asInt()).isEqualTo(LEADS);
    row = row(id);
    WebElement bar = row.findElement(By.tagName("progress"));
    assertThat(bar.getAttribute("value")).isEqualTo(bar.getAttribute("max"));
    assertThat(bar.getAttribute("max")).isEqualTo(Integer.toString(LEADS));
    assertThat(cell(row, "progress").getText()).isEqualTo("All 250 rows");
    assertThat(cell(row, "rows").getText()).isEqualTo("250");
    assertThat(cell(row, "type-and-format").getText()).isEqualTo("Leads\nCSV");
    assertThat(cell(row, "size").getText()).matches("[0-9.]+ (bytes|KB|MB)");
    assertThat(row.findElement(By.cssSelector(".job-name")).getText())
        .isEqualTo(job.path("file_name").asText());
    assertThat(cell(row, "created-by").getText()).isEqualTo("test");
    assertShownInBrowserZone(cell(row, "created"), job.path("created_at").asText());
    assertShownInBrowserZone(cell(row, "finished"), job.path("finished_at").asText());
    shot("log");

    row.findElement(By.cssSelector("button[data-action=download]")).click();
    Path file = awaitDownload(job.path("file_name").asText());
    byte[] downloaded = Files.readAllBytes(file);
    // The same bytes as the file behind a link fetched without the browser.
    String url = api("POST", "/api/v1/exports/" + id + "/link").json().path("url").asText();
    assertThat(downloaded).isEqualTo(AsyncExports.get(url, b -> b).body());
    List<CsvRecord> records = csv(downloaded);
    assertThat(records).hasSize(LEADS + 1);
    assertThat(records.get(0).getFields()).isEqualTo(ticked);
    List<String> ids = records.stream().skip(1).map(r -> r.getField(0)).toList();
    assertThat(ids).doesNotHaveDuplicates().allMatch(s -> !s.isBlank());
    assertThat(driver.getCurrentUrl()).isEqualTo(server.url("/console"));
  }

  @Test
  void cancelsAQueuedExportAndARunningOne() throws Exception {
    Tenant big = server.tenant("console-cancel");
    seed(big, 60_000);
    open();
    signIn(big.key());
    // A big spreadsheet of every lead column keeps the worker busy for a while; a workspace runs
    // one export at a time, so the second export waits behind it until it is canceled.
    String canceled = null;
    for (int attempt = 0; attempt < 3 && canceled == null; attempt++) {
      new Select(byId("f-format")).selectByValue("xlsx");
      byId("fields-all").click();
      List<String> before = rowIds();
      byId("create").click();
      String first = awaitNewRow(before);
      before = rowIds();
      new Select(byId("f-format")).selectByValue("csv");
      byId("fields-default").click();
      byId("create").click();
      String second = awaitNewRow(before);
      assertThat(stateOf(second)).isEqualTo("Waiting to start");
      assertThat(cell(row(second), "progress").getText()).isEqualTo("Not started");
      cancelButton(second).click();
      wait.until(d -> stateOf(second).equals("Canceled"));
      assertThat(row(second).findElements(By.tagName("button"))).isEmpty();
      assertThat(cell(row(second), "progress").getText()).isEqualTo("Never started");

      wait.until(d -> {
        WebElement bar = progressBar(first);
        return finished(stateOf(first)) || (bar != null && value(bar) > 0);
      });
      if (finished(stateOf(first))) {
        continue; // done before it could be watched: again, with fresh exports
      }
      WebElement bar = progressBar(first);
      assertThat(value(bar)).isGreaterThan(0).isLessThan(Long.parseLong(bar.getAttribute("max")));
      assertThat(cell(row(first), "progress").getText())
          .matches("[0-9,]+ of 60,000 rows \\([0-9]+%\\)");
      assertThat(stateOf(first)).isEqualTo("Exporting");
      shot("running");
      cancelButton(first).click();
      wait.until(d -> finished(stateOf(first)));
      if (stateOf(first).equals("Canceled")) {
        canceled = first;
      }
    }
    assertThat(canceled).as("an export canceled while it ran").isNotNull();
    WebElement row = row(canceled);
    assertThat(row.findElements(By.tagName("button"))).isEmpty();
    assertThat(cell(row, "progress").getText()).matches("Stopped at [0-9,]+ of 60,000 rows");
    assertThat(api(big, "GET", "/api/v1/exports/" + canceled).json().path("state").asText())
        .isEqualTo("canceled");
    assertThat(api(big, "POST", "/api/v1/exports/" + canceled + "/link").status()).isEqualTo(409);
    shot("canceled");
  }

  static boolean finished(String state) {
    return List.of("Ready to download", "Failed", "Canceled").contains(state);
  }

  @Test
  void aBadFilterIsShownNextToItsFieldWithTheApisOwnMessage() throws IOException {
    open();
    signIn(tenant.key());
    List<String> before = rowIds();
    byId("f-updated-since").sendKeys("last tuesday");
    byId("create").click();
    WebElement error = wait.until(d -> visible("err-f-updated-since"));
    Reply direct =
        server.call(
            "POST",
            "/api/v1/exports",
            tenant.key(),
            Json.object()
                .put("type", "leads")
                .put("format", "csv")
                .set("filters", Json.object().put("updated_since", "last tuesday")));
    assertThat(direct.status()).isEqualTo(400);
    assertThat(direct.json().path("param").asText()).isEqualTo("filters.updated_since");
    assertThat(error.getText()).isEqualTo(direct.json().path("message").asText());
    WebElement field = byId("f-updated-since");
    assertThat(field.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(field.getAttribute("aria-describedby")).contains("err-f-updated-since");
    assertThat(driver.switchTo().activeElement()).isEqualTo(field);
    assertThat(visible("err-f-source")).isNull();
    assertThat(rowIds()).isEqualTo(before);
    shot("form-error");

    // A corrected value clears the message as it is typed, and the export starts.
    field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    assertThat(visible("err-f-updated-since")).isNull();
    assertThat(field.getAttribute("aria-invalid")).isNull();
    field.sendKeys("2020-01-01");
    byId("create").click();
    before = List.of(awaitNewRow(before));

    // An error in the field list ("fields[2]") is shown beside the column picker.
    js(
        "const box = document.querySelectorAll('#fields-list input')[2];"
            + " box.value = 'no_such_field'; box.checked = true;"
            + " box.dispatchEvent(new Event('change', {bubbles: true}));");
    byId("create").click();
    WebElement fieldsError = wait.until(d -> visible("err-f-fields"));
    assertThat(fieldsError.getText()).contains("fields[2]").contains("no_such_field");
    assertThat(byId("f-fields").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(driver.switchTo().activeElement().getAttribute("value")).isEqualTo("no_such_field");
    assertThat(visible("err-f-updated-since")).isNull();
    assertThat(rowIds().get(0)).isEqualTo(before.get(0));
  }

  @Test
  void aWrongKeyIsRefusedAndSigningOutForgetsTheKey() {
    open();
    signInWith("lpk_not_a_key");
    WebElement error = wait.until(d -> visible("err-api-key"));
    assertThat(error.getText()).isNotBlank();
    assertThat(byId("console-view").isDisplayed()).isFalse();
    assertThat(js("return sessionStorage.getItem('leadport.console.key')")).isNull();

    byId("api-key").clear();
    signIn(tenant.key());
    byId("sign-out").click();
    wait.until(d -> byId("sign-in-view").isDisplayed());
    assertThat(js("return sessionStorage.length")).isEqualTo(0L);
    assertThat(rowIds()).isEmpty();
    // Reloading the tab does not sign in again.
    driver.navigate().refresh();
    wait.until(d -> byId("api-key").isDisplayed());
    assertThat(byId("console-view").isDisplayed()).isFalse();
  }

  @Test
  void eachWorkspaceSeesOnlyItsOwnExports() {
    Tenant other = server.tenant("console-other");
    ObjectNode csv = Json.object().put("type", "leads").put("format", "csv");
    String mine = api(tenant, "POST", "/api/v1/exports", csv).json().path("id").asText();
    String theirs = api(other, "POST", "/api/v1/exports", csv).json().path("id").asText();
    open();
    signIn(other.key());
    wait.until(d -> rowIds().contains(theirs));
    assertThat(rowIds()).containsExactly(theirs);
    assertThat(rowIds()).doesNotContain(mine);
    // A session reloaded in the same tab stays signed in with its own key.
    driver.navigate().refresh();
    wait.until(d -> rowIds().contains(theirs));
    assertThat(rowIds()).containsExactly(theirs);
  }

  @Test
  void worksFromTheKeyboard() {
    open();
    // Tab from the top of the page to the key field, type, Enter.
    WebElement key = tabTo("api-key", 10);
    key.sendKeys(tenant.key());
    key.sendKeys(Keys.ENTER);
    wait.until(d -> byId("console-view").isDisplayed());
    // Signing in puts the focus on the form's first field.
    wait.until(d -> "f-type".equals(d.switchTo().activeElement().getAttribute("id")));
    wait.until(d -> byId("log-section").getAttribute("aria-busy") == null);
    List<String> before = rowIds();
    WebElement source = tabTo("f-source", 20);
    source.sendKeys("web");
    source.sendKeys(Keys.ENTER);
    String id = awaitNewRow(before);
    wait.until(d -> stateOf(id).equals("Ready to download"));
    // The Download button is reachable with Tab, and says what it downloads.
    WebElement download = row(id).findElement(By.cssSelector("button[data-action=download]"));
    tabTo(download, 200);
    assertThat(download.getAccessibleName()).startsWith("Download ");
    // Every form control has an accessible name.
    for (WebElement control :
        driver.findElements(By.cssSelector("#new-export input, #new-export select"))) {
      assertThat(control.getAccessibleName()).as(control.getAttribute("id")).isNotBlank();
    }
    assertThat(byId("status").getAttribute("role")).isEqualTo("status");
  }

  @Test
  void staysUsableAt360PixelsWide() throws IOException {
    ObjectNode csv = Json.object().put("type", "leads").put("format", "csv");
    api(tenant, "POST", "/api/v1/exports", csv);
    driver.manage().window().setSize(new Dimension(360, 800));
    open();
    assertThat(js("return window.innerWidth")).isEqualTo(360L);
    assertNoHorizontalScroll();
    signIn(tenant.key());
    wait.until(d -> !rowIds().isEmpty());
    shot("narrow-form");
    assertNoHorizontalScroll();
    ((JavascriptExecutor) driver)
        .executeScript("document.getElementById('log-section').scrollIntoView()");
    shot("narrow-log");
    // The log is a column of cards: its rows are no wider than the window.
    WebElement first = driver.findElement(By.cssSelector("#log-rows tr"));
    assertThat(first.getRect().getWidth()).isLessThanOrEqualTo(360);
    assertThat(cell(first, "state").isDisplayed()).isTrue();
    // The form still starts exports.
    List<String> before = rowIds();
    byId("create").click();
    awaitNewRow(before);
    assertNoHorizontalScroll();
  }

  // ------------------------------------------------------------------ helpers

  static void seed(Tenant t, int leads) {
    Reply r =
        server.admin(
            "POST",
            "/admin/v1/workspaces/" + t.workspaceId() + "/seed",
            Json.object().put("leads", leads).put("seed", 7));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  Reply api(String method, String path) {
    return api(tenant, method, path);
  }

  static Reply api(Tenant t, String method, String path) {
    return server.call(method, path, t.key(), null);
  }

  static Reply api(Tenant t, String method, String path, Object body) {
    Reply r = server.call(method, path, t.key(), body);
    assertThat(r.status()).as(r.toString()).isLessThan(300);
    return r;
  }

  void open() {
    driver.get(server.url("/console"));
    wait.until(d -> byId("api-key").isDisplayed() || byId("console-view").isDisplayed());
  }

  void signInWith(String key) {
    WebElement field = byId("api-key");
    field.sendKeys(key);
    byId("sign-in-button").click();
  }

  void signIn(String key) {
    signInWith(key);
    wait.until(d -> byId("console-view").isDisplayed());
    wait.until(d -> !new Select(byId("f-type")).getOptions().isEmpty());
    // The log is busy until its first page is shown.
    wait.until(d -> byId("log-section").getAttribute("aria-busy") == null);
    assertThat(byId("api-key").getAttribute("value")).isEmpty();
  }

  WebElement byId(String id) {
    return driver.findElement(By.id(id));
  }

  String text(String id) {
    return byId(id).getText();
  }

  Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  /** The element with this id when it is shown, else null. */
  WebElement visible(String id) {
    List<WebElement> found = driver.findElements(By.id(id));
    return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
  }

  String alert() {
    WebElement a = visible("alert");
    return a == null ? null : a.getText();
  }

  @SuppressWarnings("unchecked")
  List<String> rowIds() {
    return (List<String>)
        js("return [...document.querySelectorAll('#log-rows tr')].map(r => r.dataset.id)");
  }

  /** Waits for a row that was not in {@code before}, at the top of the log, and returns its id. */
  String awaitNewRow(List<String> before) {
    return wait.until(d -> {
      List<String> now = rowIds();
      return !now.isEmpty() && !before.contains(now.get(0)) ? now.get(0) : null;
    });
  }

  WebElement row(String id) {
    return driver.findElement(By.cssSelector("#log-rows tr[data-id='" + id + "']"));
  }

  static WebElement cell(WebElement row, String column) {
    return row.findElement(By.cssSelector(".col-" + column));
  }

  /** The state a row shows, read in one script so that a re-rendered row cannot go stale. */
  String stateOf(String id) {
    return (String)
        js(
            "const s = document.querySelector(\"#log-rows tr[data-id='"
                + id
                + "'] .col-state .state\"); return s ? s.textContent : null;");
  }

  WebElement progressBar(String id) {
    List<WebElement> bars = row(id).findElements(By.tagName("progress"));
    return bars.isEmpty() ? null : bars.get(0);
  }

  static long value(WebElement bar) {
    return (long) Double.parseDouble(bar.getAttribute("value"));
  }

  WebElement cancelButton(String id) {
    return row(id).findElement(By.cssSelector("button[data-action=cancel]"));
  }

  /** Presses Tab until the element with {@code id} has the focus, at most {@code max} times. */
  WebElement tabTo(String id, int max) {
    return tabTo(byId(id), max);
  }

  WebElement tabTo(WebElement target, int max) {
    for (int i = 0; i < max; i++) {
      if (driver.switchTo().activeElement().equals(target)) {
        return target;
      }
      new Actions(driver).sendKeys(Keys.TAB).perform();
    }
    assertThat(driver.switchTo().activeElement()).as("focus after %d Tabs", max).isEqualTo(target);
    return target;
  }

  /**
   * The time cell shows the instant in the browser's zone (date, then time of day, as en-US writes
   * them) and carries it in its {@code datetime} attribute.
   */
  static void assertShownInBrowserZone(WebElement cell, String iso) {
    WebElement time = cell.findElement(By.tagName("time"));
    assertThat(time.getAttribute("datetime")).isEqualTo(iso);
    var local = Instant.parse(iso).atZone(ZONE);
    String date = DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US).format(local);
    String clock = DateTimeFormatter.ofPattern("h:mm:ss a", Locale.US).format(local);
    assertThat(time.getText().replace('\u202f', ' ').replace('\u00a0', ' ').replace('\n', ' '))
        .isEqualTo(date + " " + clock);
  }

  void assertNoHorizontalScroll() {
    assertThat(js("return document.documentElement.scrollWidth"))
        .isEqualTo(js("return document.documentElement.clientWidth"));
    Object outside =
        js(
            "const w = document.documentElement.clientWidth; const out = [];"
                + " for (const e of document.querySelectorAll('body *')) {"
                + "   const r = e.getBoundingClientRect();"
                + "   if (r.width > 0 && r.right > w + 0.5 && !e.closest('.visually-hidden'))"
                + "     out.push(e.tagName + '#' + e.id + '.' + e.className); }"
                + " return out;");
    assertThat((List<?>) outside).as("elements past the right edge").isEmpty();
  }

  Path awaitDownload(String name) {
    Path file = downloads.resolve(name);
    wait.until(d -> {
      try (Stream<Path> files = Files.list(downloads)) {
        return Files.exists(file)
            && files.noneMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    return file;
  }

  static List<CsvRecord> csv(byte[] bytes) throws IOException {
    List<CsvRecord> records = new ArrayList<>();
    try (CsvReader<CsvRecord> reader =
        CsvReader.builder().ofCsvRecord(new String(bytes, StandardCharsets.UTF_8))) {
      reader.forEach(records::add);
    }
    return records;
  }

  /** A screenshot of the whole page, not only the window's part of it. */
  void shot(String name) throws IOException {
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    Map<String, Object> clip = new HashMap<>();
    clip.put("x", 0);
    clip.put("y", 0);
    clip.put("width", ((Number) size.get("width")).doubleValue());
    clip.put("height", Math.min(((Number) size.get("height")).doubleValue(), 8_000));
    clip.put("scale", 1);
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.write(
        SCREENSHOTS.resolve(name + ".png"),
        java.util.Base64.getDecoder().decode((String) shot.get("data")));
  }

  static void deleteTree(Path root) throws IOException {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
