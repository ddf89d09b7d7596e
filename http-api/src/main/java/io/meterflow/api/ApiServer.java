package io.meterflow.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.meterflow.config.ApiConfig;
import io.meterflow.config.MeterflowConfig;
import io.meterflow.event.Utf8;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server of {@code ./meterflow serve}: OpenMeter's ingest and query contract on Vert.x Web.
 * Request bodies, limits and media types are Vert.x's parsing; events are judged by the job's decoder
 * ({@link IngestJudge}); nothing is acknowledged before Kafka has it.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
    static final String EVENTS = "/api/v1/events";
    /** The media types of POST /api/v1/events (type/subtype, parameters parsed apart). */
    static final Set<String> INGEST_TYPES = Set.of(
            "application/cloudevents+json", "application/cloudevents-batch+json", "application/json");

    private final MeterflowConfig config;
    private final ApiConfig api;
    private final Vertx vertx;
    private final EventProducer producer;
    private final IngestJudge judge;
    private final Admin admin;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer produceTimer;
    private final Counter accepted;
    private final Map<String, Counter> rejectedByReason = new ConcurrentHashMap<>();
    final Extensions extensions;
    private HttpServer server;
    private Router router;

    /** Routes added by later parts (queries, keys): kept apart so the ingest path reads alone. */
    interface Extensions extends AutoCloseable {
        void routes(Router router, ApiServer server);

        /** Bearer-key check of every /api/v1 route (before any body is read). */
        void authenticate(RoutingContext ctx);

        /** PostgreSQL reachable (readiness); true when unused. */
        boolean ready();

        @Override
        void close();
    }

    private ApiServer(MeterflowConfig config, Extensions extensions) {
        this.config = config;
        this.api = config.api();
        this.extensions = extensions;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()))
                .setWorkerPoolSize(32));
        this.producer = new EventProducer(config.kafka().bootstrapServers(), config.kafka().topic(),
                config.kafka().properties(), api.produceTimeout());
        this.judge = new IngestJudge(config.events().decoderSettings(), api.maxRequestBytes(), config.kafka().topic());
        java.util.Properties ap = new java.util.Properties();
        ap.putAll(config.kafka().properties());
        ap.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        ap.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        ap.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        this.admin = Admin.create(ap);
        this.produceTimer = Timer.builder("meterflow.api.produce")
                .description("From the first send to the last broker acknowledgement of one request")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(metrics);
        this.accepted = Counter.builder("meterflow.api.events.accepted")
                .description("Events acknowledged by Kafka and answered 2xx").register(metrics);
    }

    /** Starts on {@code host:port} (port 0 = a free port, see {@link #port()}). */
    public static ApiServer start(MeterflowConfig config, String host, int port) {
        return start(config, host, port, null);
    }

    static ApiServer start(MeterflowConfig config, String host, int port, Extensions extensions) {
        ApiServer s = new ApiServer(config, extensions);
        try {
            s.listen(host, port);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void listen(String host, int port) {
        router = Router.router(vertx);
        router.route().handler(this::countRequest);
        router.get("/healthz").handler(ctx -> json(ctx, 200, JSON.createObjectNode().put("status", "ok")));
        router.get("/readyz").handler(this::ready);
        router.get("/api/v1/openapi.yaml").handler(ctx -> {
            ctx.put("route", "/api/v1/openapi.yaml");
            ctx.response().putHeader("content-type", "application/yaml; charset=utf-8").end(Buffer.buffer(openApi()));
        });
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(metrics.scrape()));
        Console.install(router, this); // the web console; its session may supply the key checked next
        if (extensions != null) {
            router.route("/api/v1/*").handler(extensions::authenticate);
        }
        // Vert.x wants body handlers first on a route: the media type and deadline checks get their own.
        router.post(EVENTS).handler(this::checkMediaType).handler(this::bodyDeadline);
        router.post(EVENTS).handler(BodyHandler.create(false).setBodyLimit(api.maxRequestBytes()))
                .handler(this::ingest);
        if (extensions != null) {
            extensions.routes(router, this);
            ConsoleApi.routes(router, this, admin);
        }
        for (int status : new int[] {400, 401, 403, 404, 405, 406, 408, 413, 414, 415, 431, 500, 503}) {
            router.errorHandler(status, this::failure);
        }
        HttpServerOptions options = new HttpServerOptions()
                // Never idle-close a connection whose request waits for Kafka (bounded by produceTimeout).
                .setIdleTimeout((int) Math.max(api.readTimeout().toSeconds(), api.produceTimeout().toSeconds() + 5))
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(8192).setMaxHeaderSize(16384)
                .setDecompressionSupported(false); // a compressed body would bypass maxRequestBytes
        if (api.tlsCertFile() != null) {
            options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                    .setCertPath(api.tlsCertFile()).setKeyPath(api.tlsKeyFile()));
        }
        // One server instance per event loop: Vert.x balances connections over them.
        int instances = Math.max(2, Runtime.getRuntime().availableProcessors());
        // Vert.x shares one listening socket between instances of the same host:port, not of port 0.
        int bound = port != 0 ? port : freePort(host);
        for (int i = 0; i < instances; i++) {
            HttpServer s = vertx.createHttpServer(options).requestHandler(router);
            try {
                s = s.listen(bound, host).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                throw new IllegalStateException("cannot listen on " + host + ":" + bound + ": " + cause.getMessage(), cause);
            }
            if (server == null) {
                server = s;
            }
        }
        LOG.info("meterflow API listening on {}://{}:{} (topic {})", api.tlsCertFile() != null ? "https" : "http",
                host, server.actualPort(), config.kafka().topic());
    }

    private static int freePort(String host) {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("no free port on " + host + ": " + e.getMessage(), e);
        }
    }

    /** The checked-in OpenAPI document (http-api/src/main/resources/io/meterflow/api/openapi.yaml). */
    static byte[] openApi() {
        try (java.io.InputStream in = ApiServer.class.getResourceAsStream("openapi.yaml")) {
            return in.readAllBytes();
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("openapi.yaml missing from the classpath", e);
        }
    }

    /** "METHOD /path/{param}" of every concrete route (catch-alls left out), for the document check. */
    java.util.SortedSet<String> routes() {
        java.util.SortedSet<String> out = new java.util.TreeSet<>();
        for (io.vertx.ext.web.Route r : router.getRoutes()) {
            String path = r.getPath();
            if (path == null || path.endsWith("*") || r.methods() == null) {
                continue;
            }
            String p = path.replaceAll(":([A-Za-z0-9_]+)", "{$1}");
            r.methods().forEach(m -> out.add(m.name() + " " + p));
        }
        return out;
    }

    public int port() {
        return server.actualPort();
    }

    public MeterflowConfig config() {
        return config;
    }

    Vertx vertx() {
        return vertx;
    }

    PrometheusMeterRegistry metrics() {
        return metrics;
    }

    // ------------------------------------------------------------------ ingest

    private void checkMediaType(RoutingContext ctx) {
        ctx.put("route", EVENTS);
        MIMEHeader type = ctx.parsedHeaders().contentType();
        String mediaType = type == null || type.component() == null || type.subComponent() == null ? null
                : (type.component() + "/" + type.subComponent()).toLowerCase(Locale.ROOT);
        if (mediaType == null || !INGEST_TYPES.contains(mediaType)) {
            problem(ctx, 415, "Unsupported Media Type", "Content-Type must be application/cloudevents+json, "
                    + "application/cloudevents-batch+json or application/json"
                    + (mediaType == null ? " (none given)" : ", got " + cut(mediaType)));
            return;
        }
        String charset = type.parameter("charset");
        if (charset != null && !charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
            problem(ctx, 415, "Unsupported Media Type", "CloudEvents JSON is UTF-8; charset " + cut(charset) + " is not accepted");
            return;
        }
        ctx.put("mediaType", mediaType);
        ctx.next();
    }

    /** A body that has not fully arrived within readTimeout (a slow sender) is answered 408 and the connection closed. */
    private void bodyDeadline(RoutingContext ctx) {
        long timer = vertx.setTimer(Math.max(1, api.readTimeout().toMillis()), t -> {
            if (!ctx.response().ended() && ctx.get("bodyRead") == null) {
                ctx.response().setStatusCode(408).putHeader("content-type", Problems.MEDIA_TYPE)
                        .putHeader("connection", "close")
                        .end(Buffer.buffer(bytes(Problems.problem(408, "Request Timeout",
                                "the request body did not arrive within " + api.readTimeout().toSeconds() + " s"))))
                        .onComplete(x -> ctx.request().connection().close());
            }
        });
        ctx.addEndHandler(x -> vertx.cancelTimer(timer));
        ctx.next();
    }

    private void ingest(RoutingContext ctx) {
        ctx.put("bodyRead", Boolean.TRUE);
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String mediaType = ctx.get("mediaType");
        long ingestMillis = System.currentTimeMillis();
        vertx.<Object>executeBlocking(() -> {
            IngestJudge.Verdict v = judge.judge(body, mediaType, ingestMillis);
            if (v.events() > api.maxBatchEvents()) {
                return v;
            }
            if (!v.ok()) {
                return v;
            }
            long started = System.nanoTime();
            // The client's own bound too: a record the broker takes later is a duplicate the job drops.
            CompletableFuture<Void> sent = producer.send(v.accepted(), ingestMillis)
                    .orTimeout(api.produceTimeout().toMillis(), TimeUnit.MILLISECONDS);
            return sent.whenComplete((ok, e) -> produceTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS))
                    .thenApply(ok -> v);
        }, false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("ingest failed unexpectedly", ar.cause());
                problem(ctx, 503, "Service Unavailable", "the request could not be judged; retry");
                return;
            }
            Object r = ar.result();
            if (r instanceof IngestJudge.Verdict) {
                answerVerdict(ctx, (IngestJudge.Verdict) r);
                return;
            }
            @SuppressWarnings("unchecked")
            CompletableFuture<IngestJudge.Verdict> f = (CompletableFuture<IngestJudge.Verdict>) r;
            f.whenComplete((v, e) -> ctx.vertx().runOnContext(x -> {
                if (e == null) {
                    accepted.increment(v.accepted().size());
                    ctx.response().setStatusCode(204).end();
                } else {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cause instanceof RecordTooLargeException) {
                        problem(ctx, 413, "Content Too Large", "an event is larger than Kafka accepts: " + cut(cause.getMessage()));
                    } else {
                        LOG.warn("Kafka did not acknowledge every event of a request: {}", cause.toString());
                        ctx.response().putHeader("retry-after", "1");
                        problem(ctx, 503, "Service Unavailable",
                                "Kafka did not acknowledge every event; retry the same request (retries are deduplicated by source and id)");
                    }
                }
            }));
        });
    }

    private void answerVerdict(RoutingContext ctx, IngestJudge.Verdict v) {
        if (v.events() > api.maxBatchEvents()) {
            problem(ctx, 413, "Content Too Large", "the request holds " + v.events() + " events; at most "
                    + api.maxBatchEvents() + " (api.maxBatchEvents) per request");
            return;
        }
        for (IngestJudge.Problem p : v.problems()) {
            rejectedByReason.computeIfAbsent(p.reason(), reason -> Counter.builder("meterflow.api.events.rejected")
                    .description("Events answered 400, by the reason code of the rejection table")
                    .tag("reason", reason).register(metrics)).increment();
        }
        json(ctx, 400, Problems.rejected(v.problems(), v.events()), Problems.MEDIA_TYPE);
    }

    // ------------------------------------------------------------------ health

    private void ready(RoutingContext ctx) {
        vertx.executeBlocking(() -> {
            boolean kafka;
            try {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                kafka = true;
            } catch (Exception e) {
                kafka = false;
            }
            boolean pg = extensions == null || extensions.ready();
            return new boolean[] {kafka, pg};
        }, false).onComplete(ar -> {
            boolean[] r = ar.succeeded() ? ar.result() : new boolean[] {false, false};
            ObjectNode n = JSON.createObjectNode();
            n.put("kafka", r[0] ? "ok" : "unreachable");
            n.put("postgres", r[1] ? "ok" : "unreachable");
            n.put("status", r[0] && r[1] ? "ok" : "unavailable");
            json(ctx, r[0] && r[1] ? 200 : 503, n);
        });
    }

    // ------------------------------------------------------------------ plumbing

    private void countRequest(RoutingContext ctx) {
        ctx.addEndHandler(x -> {
            String route = ctx.get("route");
            Counter.builder("meterflow.api.requests").description("HTTP requests by route and status")
                    .tag("route", route == null ? "unmatched" : route)
                    .tag("status", Integer.toString(ctx.response().getStatusCode()))
                    .register(metrics).increment();
        });
        ctx.next();
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() < 400 ? 500 : ctx.statusCode();
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        if (status == 500) {
            LOG.warn("unexpected failure on {} {}", ctx.request().method(), cut(ctx.request().path()),
                    ctx.failure());
        }
        String title;
        String detail;
        switch (status) {
            case 413:
                title = "Content Too Large";
                detail = "the request body is larger than " + api.maxRequestBytes() + " bytes (api.maxRequestBytes)";
                break;
            case 404:
                title = "Not Found";
                detail = "no such route: " + cut(ctx.request().path());
                break;
            case 405:
                title = "Method Not Allowed";
                detail = ctx.request().method() + " is not allowed on " + cut(ctx.request().path());
                break;
            case 400:
                title = "Bad Request";
                detail = ctx.failure() == null ? "bad request" : cut(String.valueOf(ctx.failure().getMessage()));
                break;
            default:
                title = status == 500 ? "Internal Server Error" : "Error";
                detail = "request failed (" + status + ")";
        }
        problem(ctx, status, title, detail);
    }

    void problem(RoutingContext ctx, int status, String title, String detail) {
        json(ctx, status, Problems.problem(status, title, detail), Problems.MEDIA_TYPE);
    }

    static void json(RoutingContext ctx, int status, Object body) {
        json(ctx, status, body, "application/json");
    }

    static void json(RoutingContext ctx, int status, Object body, String type) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("content-type", type).end(Buffer.buffer(bytes(body)));
    }

    static byte[] bytes(Object o) {
        try {
            return JSON.writeValueAsBytes(o);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String cut(String s) {
        if (s == null) {
            return "";
        }
        String t = s.replaceAll("[\\p{Cntrl}]", "?");
        return Utf8.shorten(t, 120);
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } else {
                vertx.close();
            }
        } catch (Exception e) {
            LOG.debug("vertx close", e);
        }
        producer.close();
        admin.close(Duration.ofSeconds(2));
        if (extensions != null) {
            extensions.close();
        }
        metrics.close();
    }
}
