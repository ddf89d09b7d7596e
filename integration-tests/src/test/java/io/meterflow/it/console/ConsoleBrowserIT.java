package io.meterflow.it.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.meterflow.api.ApiServer;
import io.meterflow.api.ApiServers;
import io.meterflow.cli.MeterflowCli;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.embedded.EmbeddedPostgresServer;
import io.meterflow.it.api.Http;
import io.meterflow.it.oracle.MeterflowFixture;
import io.meterflow.testkit.MeterflowMiniCluster;
import io.meterflow.testkit.PostgresDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in Debian's headless Chromium against the real server, job, Kafka and its own
 * PostgreSQL (stopped by the last test): sign-in, the usage explorer's chart and table against the
 * query API, its CSV download, a rejected {@code <script>} payload shown as text, and the pipeline
 * page's red state. Screenshots go to target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    @RegisterExtension
    static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);

    static final Path OUT = Paths.get("target", "console-screenshots").toAbsolutePath();
    static final String XSS = "<script>window.__pwned=1;document.title='pwned'</script><img src=x onerror=\"window.__pwned=2\">";
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    static final Instant FROM = NOW.minus(Duration.ofHours(1));
    static final Instant TO = NOW.plus(Duration.ofMinutes(1));

    static EmbeddedPostgresServer pg;
    static ApiServer server;
    static JobClient job;
    static ChromeDriver browser;
    static Path downloads;
    static String base;
    static String readKey;
    static String ingestKey;
    static Http api;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(OUT);
        Path work = Files.createDirectories(Paths.get("target", "console-it", "run-" + ProcessHandle.current().pid()).toAbsolutePath());
        pg = EmbeddedPostgresServer.start(work.resolve("postgres"));
        pg.createDatabase("meterflow");
        MeterflowFixture fx = new MeterflowFixture("console", 2, null,
                new PostgresDatabase(pg.jdbcUrl("meterflow"), pg.user(), pg.password()), Map.of());
        String reader = "console_reader";
        String yaml = fx.configYaml("api:\n  reader: { user: " + reader + ", password: rpw }\n");
        Path config = Files.writeString(work.resolve("meterflow.yaml"), yaml);
        MeterflowConfig parsed = MeterflowConfig.parse(yaml, Map.of());
        io.meterflow.sink.Migrations.apply(parsed.postgres().connectionSettings());
        try (Connection c = fx.database.connect()) {
            c.createStatement().execute("CREATE ROLE " + reader
                    + " LOGIN PASSWORD 'rpw' IN ROLE meterflow_reader, meterflow_payload_reader");
        }
        readKey = createKey(config, "console", "read");
        ingestKey = createKey(config, "gateway", "ingest");
        job = MeterflowFixture.startJob(yaml, null, null);
        server = ApiServers.start(parsed, "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();
        api = new Http(server.port(), readKey);
        Http in = new Http(server.port(), ingestKey);
        List<String> events = new ArrayList<>();
        String[] models = {"m1", "m2", "m3"};
        for (int i = 0; i < 90; i++) {
            String time = FROM.plus(Duration.ofSeconds(20L * i + 7)).toString();
            events.add(Http.event("c-" + i, "customer-" + (i % 3), "llm.completion", time,
                    "{\"model\":\"" + models[(i / 3) % models.length] + "\",\"region\":\"eu\",\"usage\":{\"total_tokens\":" + (1000 + i * 37) + "}}"));
        }
        // Counted by llm_calls, rejected by llm_tokens (its value is not a number): a stored payload with markup.
        events.add(Http.event("xss-1", "customer-xss", "llm.completion", NOW.minusSeconds(30).toString(),
                "{\"model\":\"m1\",\"usage\":{\"total_tokens\":" + Http.JSON.writeValueAsString(XSS) + "}}"));
        HttpResponse<String> r = in.post("/api/v1/events", "application/cloudevents-batch+json", "[" + String.join(",", events) + "]");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        MeterflowFixture.await("all events counted", Duration.ofMinutes(3), () -> fx.counter("", "events_read") >= events.size());
        Thread.sleep(2500); // a few more checkpoints: nothing else arrives, and the commit is fresh

        downloads = Files.createDirectories(work.resolve("downloads"));
        ChromeOptions o = new ChromeOptions();
        o.setBinary(Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").filter(p -> Files.isExecutable(Paths.get(p)))
                .findFirst().orElseThrow(() -> new IllegalStateException("Debian's chromium is not installed (apt-get install -y chromium chromium-driver)")));
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium-profile"), "--window-size=1280,800", "--lang=en-US");
        o.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "intl.accept_languages", "en-US"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Paths.get("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
        browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
        if (job != null) {
            try {
                job.cancel().get();
            } catch (Exception e) {
                // the job may already have failed over the stopped PostgreSQL
            }
        }
        if (pg != null) {
            pg.close();
        }
    }

    static String createKey(Path config, String name, String scope) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MeterflowCli.execute(new String[] {"api-key", "create", "--config", config.toString(), "--name", name, "--scope", scope},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as("api-key create: %s", err).isZero();
        String[] lines = out.toString().trim().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    @Order(1)
    void signInKeepsTheKeyInAStrictHttpOnlySessionThatAuthenticatesReadsOnly() throws Exception {
        browser.get(base + "/");
        WebElement key = wait(By.id("login-key"));
        assertThat(browser.findElement(By.id("nav")).isDisplayed()).isFalse();
        key.sendKeys("mf_nope_nope");
        browser.findElement(By.cssSelector("#login-form button")).click();
        waitText(By.id("login-error"), "unknown");
        key.clear();
        key.sendKeys(ingestKey);
        browser.findElement(By.cssSelector("#login-form button")).click();
        waitText(By.id("login-error"), "scope read");
        screenshot("login");
        key.clear();
        key.sendKeys(readKey, org.openqa.selenium.Keys.ENTER); // the keyboard alone signs in
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));

        Cookie c = browser.manage().getCookieNamed("meterflow_console");
        assertThat(c).isNotNull();
        assertThat(c.isHttpOnly()).isTrue();
        assertThat(c.getSameSite()).isEqualTo("Strict");
        assertThat(c.getValue()).doesNotContain(readKey);
        assertThat((Object) js("return document.cookie")).isEqualTo(""); // not readable by scripts
        // The cookie authenticates GETs of the documented API, never a write (CSRF).
        assertThat(fetchStatus("GET", "/api/v1/meters")).isEqualTo(200);
        assertThat(fetchStatus("POST", "/api/v1/meters/llm_tokens/query")).isEqualTo(401);
        // A login posted from another origin is refused.
        HttpResponse<String> cross = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/console/login"))
                .header("Origin", "http://evil.example").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"" + readKey + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(cross.statusCode()).isEqualTo(403);
        assertThat(cross.headers().firstValue("set-cookie")).isEmpty();
        // Without the session, the API is closed to the browser.
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/meters"))
                .header("Cookie", "meterflow_console=forged").build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        // Signing out ends the session on the server: the same browser is refused until it signs in again.
        browser.findElement(By.id("logout")).click();
        wait(By.id("login-key"));
        assertThat(fetchStatus("GET", "/api/v1/meters")).isEqualTo(401);
        signIn();
        assertThat(fetchStatus("GET", "/api/v1/meters")).isEqualTo(200);
    }

    @Test
    @Order(2)
    void usageExplorerChartAndTableEqualTheQueryApiAnswer() throws Exception {
        signIn();
        browser.get(base + "/#/usage");
        wait(By.cssSelector("#usage-meter option[value='llm_tokens']")); // the meters list arrives after the page
        new Select(browser.findElement(By.id("usage-meter"))).selectByValue("llm_tokens");
        new Select(browser.findElement(By.id("usage-range"))).selectByValue("custom");
        type(By.id("usage-from"), FROM.toString());
        type(By.id("usage-to"), TO.toString());
        new Select(browser.findElement(By.id("usage-window"))).selectByValue("MINUTE");
        type(By.id("usage-tz"), "UTC");
        browser.findElement(By.cssSelector("#usage-groupby input[value=model]")).click();
        browser.findElement(By.id("usage-run")).click();
        wait(By.cssSelector("#usage-table tbody tr"));
        Thread.sleep(300); // the chart is drawn right after the table
        screenshot("usage-explorer");

        assertThat(browser.getCurrentUrl()).contains("meter=llm_tokens", "range=custom", "window=MINUTE", "groupBy=model");
        JsonNode answer = Http.json(api.get(query("json")));
        List<String> expected = new ArrayList<>();
        Map<String, Map<String, BigDecimal>> expectedSeries = new TreeMap<>();
        for (JsonNode d : answer.get("data")) {
            String model = d.get("groupBy").get("model").asText();
            expected.add(String.join("|", d.get("windowStart").asText(), d.get("windowEnd").asText(), d.get("subject").asText(),
                    model, d.get("value").decimalValue().toPlainString()));
            expectedSeries.computeIfAbsent(d.get("subject").asText() + " · model=" + model, k -> new TreeMap<>())
                    .put(d.get("windowStart").asText(), d.get("value").decimalValue());
        }
        assertThat(expected).hasSizeGreaterThan(30);
        List<String> table = new ArrayList<>();
        for (WebElement tr : browser.findElements(By.cssSelector("#usage-table tbody tr"))) {
            List<WebElement> td = tr.findElements(By.tagName("td"));
            table.add(String.join("|", td.get(0).getAttribute("data-raw"), td.get(1).getAttribute("data-raw"), td.get(2).getText(),
                    td.get(3).getText(), td.get(4).getAttribute("data-raw")));
            // Shown with thousands separators, the same number.
            assertThat(new BigDecimal(td.get(4).getText().replace(",", ""))).isEqualByComparingTo(td.get(4).getAttribute("data-raw"));
        }
        assertThat(table).isEqualTo(expected);
        assertThat(browser.findElement(By.cssSelector("#usage-table tbody tr td.num")).getText()).contains(",");

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) js("const c = echarts.getInstanceByDom(document.getElementById('usage-chart'));"
                + "const x = c.getOption().xAxis[0].data;"
                + "return c.getOption().series.map(s => ({name: s.name, stack: s.stack,"
                + " data: s.data.map((v, i) => [x[i], v === null ? null : String(v)]).filter(d => d[1] !== null)}));");
        // Stacked per window: every series has one slot per window (ECharts stacks by position).
        assertThat((Object) js("const o = echarts.getInstanceByDom(document.getElementById('usage-chart')).getOption();"
                + "return o.series.every(s => s.data.length === o.xAxis[0].data.length)")).isEqualTo(true);
        Map<String, Map<String, BigDecimal>> chart = new TreeMap<>();
        for (Map<String, Object> s : series) {
            assertThat(s.get("stack")).isEqualTo("usage");
            Map<String, BigDecimal> points = new TreeMap<>();
            for (Object p : (List<?>) s.get("data")) {
                List<?> xy = (List<?>) p;
                points.put((String) xy.get(0), new BigDecimal((String) xy.get(1)));
            }
            chart.put((String) s.get("name"), points);
        }
        assertThat(chart.keySet()).isEqualTo(expectedSeries.keySet());
        chart.forEach((name, points) -> {
            assertThat(points.keySet()).as(name).isEqualTo(expectedSeries.get(name).keySet());
            points.forEach((t, v) -> assertThat(v).as("%s at %s", name, t).isEqualByComparingTo(expectedSeries.get(name).get(t)));
        });

        // A shared link reopens the same selection.
        String link = browser.getCurrentUrl();
        browser.get(base + "/#/pipeline");
        browser.get(link);
        wait(By.cssSelector("#usage-table tbody tr"));
        assertThat(browser.findElements(By.cssSelector("#usage-table tbody tr"))).hasSize(expected.size());
        // Phone width: still readable (screenshot for the reviewer), then back.
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Thread.sleep(300);
        screenshot("usage-explorer-phone");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 800));
    }

    @Test
    @Order(3)
    void csvDownloadIsExactlyWhatTheTableShowsAndWhatTheApiAnswers() throws Exception {
        signIn();
        browser.get(base + "/#/usage?meter=llm_tokens&range=custom&from=" + enc(FROM) + "&to=" + enc(TO)
                + "&window=MINUTE&tz=UTC&groupBy=model");
        wait(By.cssSelector("#usage-table tbody tr"));
        int rows = browser.findElements(By.cssSelector("#usage-table tbody tr")).size();
        try (Stream<Path> old = Files.list(downloads)) {
            old.forEach(p -> p.toFile().delete());
        }
        browser.findElement(By.id("usage-csv")).click();
        Path file = downloads.resolve("llm_tokens-usage.csv");
        MeterflowFixture.await("the CSV download", Duration.ofSeconds(20), () -> Files.isRegularFile(file) && file.toFile().length() > 0);
        screenshot("usage-csv");
        String csv = Files.readString(file, StandardCharsets.UTF_8);
        HttpResponse<String> fromApi = api.get(query("csv"));
        assertThat(fromApi.statusCode()).isEqualTo(200);
        assertThat(csv).isEqualTo(fromApi.body());
        assertThat(csv.split("\r\n")).hasSize(1 + rows);
    }

    @Test
    @Order(4)
    void customersPageShowsEachSubjectsUsageThisMonthAsTheQueryApiAnswers() throws Exception {
        signIn();
        Instant now = Instant.now();
        browser.get(base + "/#/customers");
        wait(By.cssSelector("#customers-table tbody tr"));
        screenshot("customers");
        java.time.ZonedDateTime utc = now.atZone(java.time.ZoneOffset.UTC);
        Instant monthStart = utc.withDayOfMonth(1).toLocalDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
        JsonNode totals = Http.json(api.get("/api/v1/meters/llm_tokens/query?from=" + enc(monthStart) + "&to=" + enc(now)));
        Map<String, BigDecimal> expected = new TreeMap<>();
        totals.get("data").forEach(d -> expected.put(d.get("subject").asText(), d.get("value").decimalValue()));
        assertThat(expected).containsKeys("customer-0", "customer-1", "customer-2");
        List<String> heads = browser.findElements(By.cssSelector("#customers-table thead th")).stream().map(WebElement::getText).toList();
        int col = heads.indexOf("llm_tokens");
        assertThat(col).isPositive();
        Map<String, BigDecimal> shown = new TreeMap<>();
        for (WebElement tr : browser.findElements(By.cssSelector("#customers-table tbody tr"))) {
            List<WebElement> td = tr.findElements(By.tagName("td"));
            String v = td.get(col).getText();
            if (!v.equals("–")) {
                shown.put(td.get(0).getText(), new BigDecimal(v.replace(",", "")));
            }
        }
        assertThat(shown.keySet()).isEqualTo(expected.keySet());
        expected.forEach((k, v) -> assertThat(shown.get(k)).as(k).isEqualByComparingTo(v));
        // Sorting by a meter, with the keyboard: the largest first.
        WebElement sort = browser.findElement(By.xpath("//table[@id='customers-table']//th[normalize-space()='llm_tokens']/button"));
        sort.sendKeys(org.openqa.selenium.Keys.ENTER);
        BigDecimal max = expected.values().stream().max(BigDecimal::compareTo).orElseThrow();
        String first = browser.findElement(By.cssSelector("#customers-table tbody tr td:nth-child(" + (col + 1) + ")")).getText();
        assertThat(new BigDecimal(first.replace(",", ""))).isEqualByComparingTo(max);
    }

    @Test
    @Order(5)
    void aRejectedScriptPayloadIsShownAsTextAndNothingRuns() throws Exception {
        signIn();
        browser.get(base + "/#/rejected");
        WebElement open = wait(By.xpath("//table[@id='rej-table']//tr[td[4][text()='customer-xss']]//button"));
        String title = browser.getTitle();
        open.sendKeys(org.openqa.selenium.Keys.ENTER); // keyboard: the row's button opens it
        WebElement payload = wait(By.id("rej-payload"));
        Thread.sleep(500); // time for anything that would run
        screenshot("rejected-events");
        assertThat(payload.getText()).contains("<script>window.__pwned=1", "onerror=");
        assertThat((Object) js("return window.__pwned === undefined")).isEqualTo(true);
        assertThat(browser.getTitle()).isEqualTo(title).isNotEqualTo("pwned");
        assertThat(((Number) js("return document.querySelectorAll('#rej-detail script, #rej-detail img, #page script').length")).intValue())
                .isZero();
        String details = browser.findElement(By.id("rej-detail")).getText();
        assertThat(details).contains("Partition", "Offset", "llm_tokens", "xss-1");
        assertThat(browser.findElement(By.id("rej-headers")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("rej-counts")).getText()).contains("1");
        // Counts over time: each hour's cell per reason is the API's count.
        JsonNode hourly = Http.json(api.get("/api/v1/rejected-events")).get("countsOverTime");
        assertThat(hourly).isNotEmpty();
        for (JsonNode h : hourly) {
            WebElement cell = browser.findElement(By.cssSelector("#rej-hourly tr[data-hour='" + h.get("hour").asText()
                    + "'] td[data-reason='" + h.get("reason").asText() + "']"));
            assertThat(cell.getText().replace(",", "")).isEqualTo(h.get("count").asText());
        }
        JsonNode listed = Http.json(api.get("/api/v1/rejected-events?subject=customer-xss"));
        assertThat(listed.get("events")).hasSize(1);
        JsonNode e = listed.get("events").get(0);
        assertThat(details).contains(e.get("topic").asText(), Long.toString(e.get("offset").asLong()));
        assertThat(e.get("payload").asText()).contains(XSS.replace("\"", "\\\""));
        // meter= alone: rejected before meter matching (none here); the meter's own rejections by its slug.
        assertThat(Http.json(api.get("/api/v1/rejected-events?meter=")).get("events")).isEmpty();
        assertThat(Http.json(api.get("/api/v1/rejected-events?meter=llm_tokens")).get("countsByReason").get("NON_NUMERIC_VALUE").asLong())
                .isEqualTo(1);
    }

    @Test
    @Order(6)
    void notificationsPageShowsWhatTheApiAnswersWithTheWebhookOutcome() throws Exception {
        String threshold = "ntf_" + "1".repeat(32);
        String reset = "ntf_" + "2".repeat(32);
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("meterflow"), pg.user(), pg.password());
                Statement st = c.createStatement()) {
            String period = "'" + FROM.truncatedTo(ChronoUnit.DAYS) + "', '" + FROM.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1)) + "'";
            st.execute("INSERT INTO meterflow.notifications (id, rule, type, meter, subject, period_start, period_end, threshold,"
                    + " threshold_value, limit_value, usage, event_time, event_id, payload, created_at) VALUES"
                    + " ('" + threshold + "', 'quota', 'io.meterflow.notification.threshold', 'llm_calls', 'customer-1', " + period
                    + ", '80%', 8, 10, 8, now(), 'e1', '{}', now() - interval '2 minutes'),"
                    + " ('" + reset + "', 'quota', 'io.meterflow.notification.reset', 'llm_calls', 'customer-<b>2</b>', " + period
                    + ", NULL, NULL, 10, 0, NULL, NULL, '{}', now() - interval '3 minutes')");
            st.execute("INSERT INTO meterflow.notification_deliveries VALUES"
                    + " ('" + threshold + "', 'https://hooks.example.com/h', 1, now(), 'RETRY', 500, 'HTTP 500', 12),"
                    + " ('" + threshold + "', 'https://hooks.example.com/h', 2, now(), 'DELIVERED', 204, NULL, 9)");
        }
        signIn();
        browser.get(base + "/#/notifications");
        wait(By.cssSelector("#ntf-table tr[data-id='" + threshold + "']"));
        screenshot("notifications");
        JsonNode listed = Http.json(api.get("/api/v1/notifications"));
        List<String> apiIds = new ArrayList<>();
        listed.get("notifications").forEach(n -> apiIds.add(n.get("id").asText()));
        List<String> pageIds = browser.findElements(By.cssSelector("#ntf-table tbody tr")).stream()
                .map(r -> r.getAttribute("data-id")).toList();
        assertThat(pageIds).isEqualTo(apiIds).containsExactly(threshold, reset);
        String row = browser.findElement(By.cssSelector("#ntf-table tr[data-id='" + threshold + "']")).getText();
        assertThat(row).contains("threshold", "quota", "customer-1", "llm_calls", "80%", "8 / 10", "DELIVERED after 2 attempts (HTTP 204)");
        String resetRow = browser.findElement(By.cssSelector("#ntf-table tr[data-id='" + reset + "']")).getText();
        assertThat(resetRow).contains("reset", "customer-<b>2</b>", "not attempted");
        assertThat(((Number) js("return document.querySelectorAll('#ntf-table b').length")).intValue()).as("text, not HTML").isZero();
        assertThat(listed.get("notifications").get(0).get("deliveries")).hasSize(2);
        assertThat(Http.json(api.get("/api/v1/notifications?type=io.meterflow.notification.reset")).get("notifications"))
                .hasSize(1);
        assertThat(api.get("/api/v1/notifications?reason=x").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(7)
    void customersPageShowsUsageAgainstALimitAsTheUsageStatusApiAnswers() throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl("meterflow"), pg.user(), pg.password());
                Statement st = c.createStatement()) {
            st.execute("INSERT INTO meterflow.limits (meter, subject, limit_value, period, time_zone, anchor)"
                    + " VALUES ('llm_calls', 'customer-1', 20, 'MONTH', 'UTC', '2001-01-01 00:00')");
        }
        JsonNode status = Http.json(api.get("/api/v1/subjects/customer-1/usage/llm_calls"));
        assertThat(status.get("limit").decimalValue()).isEqualByComparingTo("20");
        signIn();
        browser.get(base + "/#/customers");
        WebElement limit = wait(By.cssSelector("#customers-table td .limit[data-limit='20']"));
        screenshot("customers-limits");
        assertThat(browser.findElements(By.cssSelector("#customers-table td .limit"))).as("only the subject with a limit").hasSize(1);
        String expected = String.format(java.util.Locale.US, "%,d of 20 this month", status.get("usage").asLong());
        assertThat(limit.getText()).startsWith(expected);
        assertThat(limit.findElement(By.xpath("ancestor::tr/td[1]")).getText()).isEqualTo("customer-1");
        if (!status.get("hasAccess").asBoolean()) {
            assertThat(limit.getAttribute("class")).contains("over");
            assertThat(limit.getText()).endsWith("at limit");
        }
    }

    @Test
    @Order(8)
    void pipelinePageTurnsRedWhenPostgresStops() throws Exception {
        signIn();
        browser.get(base + "/#/pipeline");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.attributeToBe(By.id("pipeline-state"), "data-state", "green"));
        assertThat(browser.findElement(By.id("pipeline-balance")).getAttribute("data-state")).isEqualTo("green");
        JsonNode health = Http.json(api.get("/api/v1/pipeline"));
        assertThat(health.get("balanced").asBoolean()).isTrue();
        assertThat(browser.findElement(By.id("pipeline-body")).getText()).contains(String.format("%,d", health.get("eventsRead").asLong()));
        assertThat(browser.findElements(By.cssSelector("#pipeline-lag tbody tr"))).hasSize(2);
        screenshot("pipeline");

        pg.close();
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.attributeToBe(By.id("pipeline-state"), "data-state", "red"));
        screenshot("pipeline-postgres-stopped");
        assertThat(browser.findElement(By.id("pipeline-state")).getText()).contains("PostgreSQL");
        assertThat(browser.findElements(By.id("pipeline-balance"))).as("no stale green numbers").isEmpty();
    }

    static String query(String format) {
        return "/api/v1/meters/llm_tokens/query?from=" + enc(FROM) + "&to=" + enc(TO) + "&windowSize=MINUTE&windowTimeZone=UTC&groupBy=model"
                + ("csv".equals(format) ? "&format=csv" : "");
    }

    static String enc(Instant t) {
        return URLEncoder.encode(t.toString(), StandardCharsets.UTF_8);
    }

    void signIn() {
        browser.get(base + "/");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("nav")).isDisplayed()
                || d.findElement(By.id("login")).isDisplayed());
        if (browser.findElement(By.id("login")).isDisplayed()) {
            browser.findElement(By.id("login-key")).sendKeys(readKey, org.openqa.selenium.Keys.ENTER);
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
        }
    }

    WebElement wait(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitText(By by, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    void type(By by, String text) {
        WebElement e = browser.findElement(by);
        e.clear();
        e.sendKeys(text);
    }

    Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    long fetchStatus(String method, String path) {
        Object s = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch(arguments[1], {method: arguments[0], credentials: 'same-origin', headers: {'content-type': 'application/json'},"
                + " body: arguments[0] === 'GET' ? undefined : '{}'}).then(r => done(r.status), e => done(-1));", method, path);
        return ((Number) s).longValue();
    }

    void screenshot(String name) throws Exception {
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, OUT.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
