package io.meterflow.limit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * A notification as a structured-mode CloudEvent ({@code application/cloudevents+json}): what goes to the
 * notifications topic, into {@code meterflow.notifications.payload} and, byte for byte, into the webhook
 * body that is signed. Its {@code id} is the {@link NotificationId}; its {@code time} is the event time of
 * the event that crossed the threshold (or the period's start for a reset), so a replay writes the same
 * bytes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(
        @JsonProperty("specversion") String specVersion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        @JsonProperty("datacontenttype") String dataContentType,
        Data data) {

    public static final String THRESHOLD_TYPE = "io.meterflow.notification.threshold";
    public static final String RESET_TYPE = "io.meterflow.notification.reset";
    public static final String SOURCE = "meterflow";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN) // 10000, not 1E+4
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // a newer job may add fields
            .build();

    /**
     * The data: the rule, the subject and meter, the period, the limit (null: none) and, for a threshold,
     * the threshold as written, the usage level it stands for, the usage at the crossing and the event
     * that crossed it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Data(String rule, String subject, String meter, Instant periodStart, Instant periodEnd, BigDecimal limit,
            String threshold, BigDecimal thresholdValue, BigDecimal usage, Instant eventTime, String eventId) {}

    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
    }

    public static Notification crossing(String rule, String subject, String meter, UsagePeriod period, BigDecimal limit,
            ThresholdEvaluator.Crossing crossing, BigDecimal usage, Instant eventTime, String eventId) {
        String id = NotificationId.threshold(rule, subject, meter, period.start(), crossing);
        return new Notification("1.0", id, SOURCE, THRESHOLD_TYPE, subject, eventTime, "application/json",
                new Data(rule, subject, meter, period.start(), period.end(), limit, crossing.threshold().text(),
                        crossing.level(), usage, eventTime, eventId));
    }

    /** A new period began (rollover or manual reset): usage starts again from zero. */
    public static Notification reset(String rule, String subject, String meter, UsagePeriod period, BigDecimal limit) {
        String id = NotificationId.reset(rule, subject, meter, period.start());
        return new Notification("1.0", id, SOURCE, RESET_TYPE, subject, period.start(), "application/json",
                new Data(rule, subject, meter, period.start(), period.end(), limit, null, null, BigDecimal.ZERO, null, null));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a notification is always serialisable", e);
        }
    }

    /** @throws IllegalArgumentException if {@code json} is not a notification */
    public static Notification fromJson(String json) {
        try {
            return JSON.readValue(json, Notification.class);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a meterflow notification: " + e.getClass().getSimpleName(), e);
        }
    }
}
