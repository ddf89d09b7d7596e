package io.meterflow.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.Session;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SessionHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.sstore.LocalSessionStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console: static pages under {@code /} and {@code /console/}, a login that keeps a read key
 * in a server-side session, and the bridge that lets that session authenticate the console's GET
 * calls to the documented {@code /api/v1} routes (the pages have no other data path).
 *
 * <p>CSRF: the session cookie is {@code SameSite=Strict}, authenticates only GET and HEAD on
 * {@code /api/v1} (a cookie never makes a write), and login/logout require an {@code Origin} equal to
 * the server's own.
 */
final class Console {
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    static final String COOKIE = "meterflow_console";
    static final long SESSION_MILLIS = 8 * 3600_000L;
    private static final String SESSION_KEY = "apiKey";
    private static final String CSP = "default-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:;"
            // ECharts positions its tooltip with inline styles; scripts stay 'self' only.
            + " style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    private final ApiServer server;
    private final boolean tls;
    private final SessionHandler sessions;
    private final ApiKeys keys;
    private final byte[] echarts;

    private Console(ApiServer server) {
        this.server = server;
        this.tls = server.config().api().tlsCertFile() != null;
        this.sessions = SessionHandler.create(LocalSessionStore.create(server.vertx()))
                .setSessionCookieName(COOKIE).setSessionCookiePath("/")
                .setCookieHttpOnlyFlag(true).setCookieSameSite(CookieSameSite.STRICT).setCookieSecureFlag(tls)
                .setSessionTimeout(SESSION_MILLIS).setLazySession(true);
        this.keys = server.extensions instanceof PostgresApi ? new ApiKeys(((PostgresApi) server.extensions).reader) : null;
        this.echarts = webJar("echarts", "dist/echarts.min.js");
    }

    /** Registers the console's routes; called before the /api/v1 key check so a session can supply the key. */
    static void install(Router router, ApiServer server) {
        Console c = new Console(server);
        router.route("/api/v1/*").handler(c::sessionLookup).handler(c::sessionKey);
        router.route("/").handler(ctx -> {
            if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
                ctx.next();
                return;
            }
            ctx.put("route", "/");
            c.pageHeaders(ctx);
            ctx.response().putHeader("content-type", "text/html; charset=utf-8").sendFile("console/index.html");
        });
        router.get("/console/session").handler(c::sessionLookup).handler(c::session);
        // Vert.x orders handlers by kind: the session (platform), then the body, then ours.
        router.post("/console/login").handler(c.sessions).handler(BodyHandler.create(false).setBodyLimit(4096))
                .handler(c::sameOrigin).handler(c::login);
        router.post("/console/logout").handler(c.sessions).handler(c::sameOrigin).handler(c::logout);
        router.route("/console/lib/echarts.min.js").handler(ctx -> {
            ctx.put("route", "/console/lib");
            ctx.response().putHeader("content-type", "text/javascript; charset=utf-8")
                    .putHeader("cache-control", "public, max-age=86400").end(Buffer.buffer(c.echarts));
        });
        router.route("/console/*").handler(ctx -> {
            ctx.put("route", "/console");
            c.pageHeaders(ctx);
            ctx.next();
        }).handler(StaticHandler.create("console").setDirectoryListing(false).setIndexPage("index.html"));
    }

    private void pageHeaders(RoutingContext ctx) {
        ctx.response().putHeader("content-security-policy", CSP)
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "same-origin");
    }

    /**
     * A GET without a key of its own but with a console cookie: look its session up. Without a cookie
     * nothing is looked up or created (a visitor who never signs in holds no session).
     */
    private void sessionLookup(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        if (ctx.request().getHeader("authorization") == null && ctx.request().getCookie(COOKIE) != null
                && (m == HttpMethod.GET || m == HttpMethod.HEAD)) {
            sessions.handle(ctx);
        } else {
            ctx.next();
        }
    }

    /** The session's key becomes the call's bearer key, checked by the API's own key check after this. */
    private void sessionKey(RoutingContext ctx) {
        Session s = ctx.session();
        String key = s == null ? null : s.get(SESSION_KEY);
        if (key != null && ctx.request().getHeader("authorization") == null) {
            ctx.request().headers().set("authorization", "Bearer " + key);
        }
        ctx.next();
    }

    /** POSTs carry an Origin in every browser: one that is not this server's is a cross-site request. */
    private void sameOrigin(RoutingContext ctx) {
        ctx.put("route", ctx.normalizedPath());
        String origin = ctx.request().getHeader("origin");
        String host = ctx.request().getHeader("host");
        String expected = (tls ? "https://" : "http://") + host;
        if (origin == null || host == null || !origin.equalsIgnoreCase(expected)) {
            server.problem(ctx, 403, "Forbidden", "the console's forms must be posted from the console itself (Origin "
                    + (origin == null ? "missing" : ApiServer.cut(origin)) + ")");
            return;
        }
        ctx.next();
    }

    private void session(RoutingContext ctx) {
        ctx.put("route", "/console/session");
        boolean required = server.config().api().requireKeys();
        Session s = ctx.session();
        ObjectNode n = ApiServer.JSON.createObjectNode();
        n.put("authRequired", required);
        n.put("authenticated", !required || (s != null && s.get(SESSION_KEY) != null));
        if (s != null && s.get("scope") != null) {
            n.put("scope", (String) s.get("scope"));
        }
        n.put("checkpointIntervalSeconds", server.config().checkpoint().interval().toMillis() / 1000.0);
        ctx.response().putHeader("cache-control", "no-store");
        ApiServer.json(ctx, 200, n);
    }

    private void login(RoutingContext ctx) {
        String key;
        try {
            JsonNode b = ApiServer.JSON.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
            key = b != null && b.path("key").isTextual() ? b.get("key").textValue().trim() : null;
        } catch (IOException e) {
            key = null;
        }
        if (key == null || key.isEmpty()) {
            ApiServer.json(ctx, 400, Problems.parameter("key", "an API key is required (./meterflow api-key create --scope read)"),
                    Problems.MEDIA_TYPE);
            return;
        }
        if (keys == null) {
            server.problem(ctx, 503, "Service Unavailable", "this server has no key store");
            return;
        }
        String k = key;
        server.vertx().executeBlocking(() -> java.util.Optional.ofNullable(keys.lookup(k)), false).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("console login: key lookup failed: {}", ar.cause().toString()); // never the key
                ctx.response().putHeader("retry-after", "1");
                server.problem(ctx, 503, "Service Unavailable", "keys cannot be checked (PostgreSQL unreachable); retry");
                return;
            }
            ApiKeys.Principal p = ar.result().orElse(null);
            if (p == null) {
                server.problem(ctx, 401, "Unauthorized", "unknown, revoked or expired key");
                return;
            }
            if (p.scope().equals("portal") || !p.may("read")) {
                server.problem(ctx, 403, "Forbidden", "the console needs a key with scope read (this one is " + p.scope() + ")");
                return;
            }
            Session s = ctx.session();
            s.regenerateId(); // no session fixation: a fresh id for the signed-in session
            s.put(SESSION_KEY, k);
            s.put("scope", p.scope());
            ApiServer.json(ctx, 200, ApiServer.JSON.createObjectNode().put("authenticated", true).put("scope", p.scope()));
        });
    }

    private void logout(RoutingContext ctx) {
        Session s = ctx.session();
        if (s != null) {
            s.destroy();
        }
        ctx.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(tls));
        ctx.response().setStatusCode(204).end();
    }

    /** A WebJar's file, found through the version its pom.properties names (one pin, in the parent pom). */
    static byte[] webJar(String name, String file) {
        String base = "META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        ClassLoader cl = Console.class.getClassLoader();
        try (InputStream props = cl.getResourceAsStream(base)) {
            if (props == null) {
                throw new IllegalStateException("the " + name + " WebJar is missing from the classpath");
            }
            Properties p = new Properties();
            p.load(props);
            String path = "META-INF/resources/webjars/" + name + "/" + p.getProperty("version") + "/" + file;
            try (InputStream in = cl.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException(path + " is missing from the " + name + " WebJar");
                }
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the " + name + " WebJar: " + e.getMessage(), e);
        }
    }
}
