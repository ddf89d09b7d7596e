package io.meterflow.embedded.flink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Flink's REST errors carry the server's stack trace: a CLI shows the exception that says why. */
class FlinkRestClientMessagesTest {

    @Test
    void theServerSideExceptionIsTheMessage() {
        String text = "org.apache.flink.runtime.rest.util.RestClientException: [Internal server error., <Exception on server side:\n"
                + "org.apache.flink.runtime.messages.FlinkJobNotFoundException: Could not find Flink job (0000)\n"
                + "\tat org.apache.flink.runtime.dispatcher.Dispatcher.lambda$requestJobStatus$1(Dispatcher.java:1)\n"
                + "\nEnd of exception on server side>]";
        assertThat(FlinkRestClient.serverSideCause(text)).isEqualTo("FlinkJobNotFoundException: Could not find Flink job (0000)");
    }

    @Test
    void withoutAServerSideExceptionTheFirstLineIsKept() {
        assertThat(FlinkRestClient.serverSideCause("[Not found: /jobs/x]\nmore")).isEqualTo("[Not found: /jobs/x]");
        assertThat(FlinkRestClient.serverSideCause(null)).isEmpty();
    }
}
