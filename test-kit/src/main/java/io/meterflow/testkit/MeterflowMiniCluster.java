package io.meterflow.testkit;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The preamble of a pipeline test: one Flink MiniCluster per test class (one TaskManager with the
 * given slots; {@code @InjectMiniCluster} works as with Flink's own extension) and the clock the
 * generated streams and the oracle's query range share.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MeterflowMiniCluster FLINK = MeterflowMiniCluster.withSlots(2);
 * }</pre>
 */
public final class MeterflowMiniCluster
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

    /** How far back generated streams reach: days-late events included. */
    public static final Duration HISTORY = Duration.ofDays(8);

    private final MiniClusterExtension flink;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);

    private MeterflowMiniCluster(int slots, Configuration configuration) {
        if (slots < 1) {
            throw new IllegalArgumentException("slots must be at least 1, was " + slots);
        }
        this.flink = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(configuration)
                .setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(slots)
                .build());
    }

    public static MeterflowMiniCluster withSlots(int slots) {
        return new MeterflowMiniCluster(slots, new Configuration());
    }

    /** With cluster settings of the test's own (a metric reporter, say). */
    public static MeterflowMiniCluster withSlots(int slots, Configuration configuration) {
        return new MeterflowMiniCluster(slots, configuration);
    }

    /** The test class's "now", on a minute boundary so that minute windows line up with it. */
    public Instant now() {
        return now;
    }

    /** Start of the query range: every generated event, late ones included, is at or after it. */
    public Instant from() {
        return now.minus(HISTORY);
    }

    /** End of the query range: a day after {@link #now()}. */
    public Instant to() {
        return now.plus(Duration.ofDays(1));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        flink.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        flink.beforeEach(context);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        flink.afterEach(context);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        flink.afterAll(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return flink.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) throws ParameterResolutionException {
        return flink.resolveParameter(parameter, context);
    }
}
