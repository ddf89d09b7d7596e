package io.meterflow.notify;

import io.meterflow.config.NotificationsConfig;
import io.meterflow.sink.DeliveryLog;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one notification to one webhook: a Standard Webhooks POST ({@code webhook-id} = the
 * notification id, {@code webhook-timestamp} = the attempt's time, {@code webhook-signature} over both
 * and the body), retried with {@link Backoff} until a 2xx or {@code maxRetryTime}; every attempt is
 * recorded in {@link DeliveryLog}. Asynchronous: a slow receiver holds up only its own deliveries.
 * Receivers deduplicate on {@code webhook-id}: delivery is at least once.
 */
public final class WebhookDeliverer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliverer.class);

    private final HttpClient http;
    private final NotificationsConfig.Delivery settings;
    private final Backoff backoff;
    private final DeliveryLog log;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meterflow-webhook-retries");
        t.setDaemon(true);
        return t;
    });

    public WebhookDeliverer(NotificationsConfig.Delivery settings, DeliveryLog log, Clock clock) {
        this.settings = settings;
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(), settings.maxRetryTime());
        this.log = log;
        this.clock = clock;
        // HTTP/1.1: an h2c upgrade request on http:// confuses some receivers; https negotiates HTTP/2 anyway via ALPN.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Completes with true once delivered, false once given up (both recorded); never exceptionally. A
     * notification already delivered to this URL (the topic redelivered after a restart, or a rebuild
     * emitted the same id again) is not sent again.
     */
    public CompletableFuture<Boolean> deliver(String notificationId, String body, NotificationsConfig.Channel channel) {
        try {
            if (log.delivered(notificationId, channel.url().toString())) {
                return CompletableFuture.completedFuture(true);
            }
        } catch (Exception e) {
            // At least once: when the log cannot tell, send.
            LOG.warn("Cannot read the delivery log for {}: {}", notificationId, e.toString());
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        attempt(notificationId, body, channel, WebhookSignature.of(channel.secret().reveal()), 1, clock.instant(), done);
        return done;
    }

    private void attempt(String id, String body, NotificationsConfig.Channel channel, WebhookSignature signer, int attempt, Instant first,
            CompletableFuture<Boolean> done) {
        Instant at = clock.instant();
        long ts = at.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(channel.url())
                .timeout(settings.timeout())
                .header("content-type", "application/cloudevents+json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(ts))
                .header("webhook-signature", signer.sign(id, ts, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            long ms = Duration.between(at, clock.instant()).toMillis();
            Integer status = response == null ? null : response.statusCode();
            boolean ok = status != null && status >= 200 && status < 300;
            String error = ok ? null : failure != null ? describe(failure) : "HTTP " + status;
            Instant next = ok ? null : backoff.next(first, clock.instant(), attempt, () -> ThreadLocalRandom.current().nextDouble());
            DeliveryLog.Outcome outcome = ok ? DeliveryLog.Outcome.DELIVERED : next == null ? DeliveryLog.Outcome.FAILED
                    : DeliveryLog.Outcome.RETRY;
            try {
                log.record(id, channel.url().toString(), attempt, at, outcome, status, error, Math.max(0, ms));
            } catch (Exception e) {
                // Recording is for people; delivery goes on without it.
                LOG.warn("Cannot record delivery attempt {} of {}: {}", attempt, id, e.toString());
            }
            if (outcome == DeliveryLog.Outcome.RETRY) {
                long delay = Math.max(0, Duration.between(clock.instant(), next).toMillis());
                timer.schedule(() -> attempt(id, body, channel, signer, attempt + 1, first, done), delay, TimeUnit.MILLISECONDS);
            } else {
                if (!ok) {
                    LOG.warn("Giving up on notification {} to {} after {} attempts: {}", id, channel.url().getHost(), attempt, error);
                }
                done.complete(ok);
            }
        });
    }

    private static String describe(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpTimeoutException) {
                return "timed out";
            }
        }
        Throwable c = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }

    /** Stops retrying and closes the delivery log's connection. */
    @Override
    public void close() {
        timer.shutdownNow();
        log.close();
    }
}
