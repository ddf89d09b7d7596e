package io.meterflow.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.meterflow.config.MeterflowConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MeterflowJobTest {
    private static MeterflowConfig config(String kafkaProperties) {
        return MeterflowConfig.parse(String.join("\n",
                "kafka:",
                "  bootstrapServers: 127.0.0.1:9092",
                "  topic: events",
                kafkaProperties,
                "postgres:",
                "  url: jdbc:postgresql://127.0.0.1:5432/meterflow",
                "meters:",
                "  - slug: api_requests",
                "    eventType: api.request",
                "    aggregation: COUNT",
                ""), Map.of());
    }

    @Test
    void theSourceReadsOnlyCommittedTransactionsByDefault() {
        assertThat(MeterflowJob.sourceProperties(config("")).getProperty("isolation.level")).isEqualTo("read_committed");
    }

    @Test
    void kafkaPropertiesOverrideTheIsolationLevel() {
        String props = "  properties:\n    isolation.level: read_uncommitted\n    client.rack: r1";
        var p = MeterflowJob.sourceProperties(config(props));
        assertThat(p.getProperty("isolation.level")).isEqualTo("read_uncommitted");
        assertThat(p.getProperty("client.rack")).isEqualTo("r1");
    }
}
