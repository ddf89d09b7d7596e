package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RefusalReasonTest {

    @Test
    void meterflowsRefusalIsFoundAmongFlinksWrappers() {
        String trace = "org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy\n"
                + "\tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(X.java:1)\n"
                + "Caused by: java.io.IOException: Could not initialize the writer\n"
                + "Caused by: io.meterflow.sink.StaleStateException: meterflow refuses to start without state: PostgreSQL"
                + " generation 1 already holds usage\n"
                + "\tat io.meterflow.sink.PostgresUsageStore.claim(PostgresUsageStore.java:1)\n";
        assertThat(RefusalReason.of(trace))
                .isEqualTo("meterflow refuses to start without state: PostgreSQL generation 1 already holds usage");
        assertThat(RefusalReason.of("Caused by: io.meterflow.sink.FencedOutException: meterflow job a no longer owns generation 1"))
                .isEqualTo("meterflow job a no longer owns generation 1");
    }

    @Test
    void otherwiseTheRootCause() {
        String trace = "org.apache.flink.runtime.JobException: Recovery is suppressed\n"
                + "Caused by: java.sql.SQLException: connection refused\n\tat x.y(Z.java:1)\n";
        assertThat(RefusalReason.of(trace)).isEqualTo("SQLException: connection refused");
        assertThat(RefusalReason.of("something odd")).isEqualTo("something odd");
    }
}
