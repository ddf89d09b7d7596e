package io.meterflow.config;

import java.util.List;
import java.util.Map;

/**
 * The YAML as written, bound by Jackson ({@link ConfigBinding}): every value nullable (absent), no
 * defaults, no checks; {@link ConfigValidator} turns it into a {@link MeterflowConfig}. Component
 * names are the YAML keys and their order is the order the "allowed:" hint lists them in.
 * Durations and sizes stay text here so that their messages can show what was written; secrets are
 * {@link Secret}s from the start, so that no record's {@code toString()} shows one.
 */
record RawConfig(Kafka kafka, Postgres postgres, Checkpoint checkpoint, Dedupe dedupe, Events events, Job job,
        List<Meter> meters, Api api, Notifications notifications) {

    record Kafka(String bootstrapServers, String topic, String groupId, String startingOffsets,
            String deadLetterTopic, String watermarkOutOfOrderness, String idleTimeout,
            Map<String, Secret> properties) {}

    record Postgres(String url, String user, Secret password, String passwordEnv, String passwordFile,
            Boolean migrate, String readerUser, Secret readerPassword, String readerPasswordEnv,
            String readerPasswordFile, String fenceRetention, String connectTimeout, String socketTimeout,
            String statementTimeout, String lockTimeout, String idleInTransactionTimeout, Boolean tcpKeepAlive,
            Map<String, Secret> properties) {
        @Override
        public String toString() {
            // The URL may carry a password parameter.
            return "Postgres[url=" + Secrets.redactUrl(url) + ", user=" + user + ", ...]";
        }
    }

    record Checkpoint(String interval, String dir) {}

    record Dedupe(String ttl) {}

    record Events(String maxFutureSkew, String maxBytes, String rejectedPayloadLimit, String maxIdBytes,
            String maxSourceBytes, String maxTypeBytes, String maxSubjectBytes, String maxGroupValueBytes,
            String maxGroupValuesBytes, String maxUniqueValueBytes) {}

    record Job(Integer parallelism) {}

    /** groupBy values stay as written (any YAML value) so a non-text one gets the JSONPath message. */
    record Meter(String slug, String eventType, String aggregation, String valueProperty,
            @ConfigBinding.Shape("must be a map of name to JSONPath") Map<String, Object> groupBy, String windowSize,
            String description, String seriesBy, String firstSample, String maxHold, String seriesLateness,
            String unit) {}

    record Api(String listen, String maxRequestBytes, Integer maxBatchEvents, String produceTimeout,
            String readTimeout, String auth, ApiReader reader, ApiTls tls) {}

    record ApiReader(String user, Secret password, String passwordEnv) {}

    record ApiTls(String certFile, String keyFile) {}

    record Notifications(String topic, String limitsTopic, Delivery delivery,
            @ConfigBinding.Shape("must be a list of rules (name, meter, thresholds, channels)") List<Rule> rules) {}

    record Delivery(String groupId, String timeout, String initialBackoff, String maxBackoff, String maxRetryTime) {}

    /** Thresholds stay as written (text or number) so each gets its own message. */
    record Rule(String name, String meter,
            @ConfigBinding.Shape("must be a list such as [50%, 80%, 100%, 10000]") List<Object> thresholds, String period,
            String timeZone, String anchor,
            @ConfigBinding.Shape("must be a list of channels (url, secret)") List<Channel> channels) {}

    record Channel(String url, Secret secret, String secretEnv) {}
}
