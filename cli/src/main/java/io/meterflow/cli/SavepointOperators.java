package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.job.JobOptions;
import io.meterflow.job.MeterflowJob;
import io.meterflow.job.RestoredStateCheck;
import io.meterflow.meter.MeterOrdinals;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Reads which operators a savepoint holds state for, and which operators a job graph restores. */
final class SavepointOperators {
    private SavepointOperators() {}

    /** Operator id → uid (or name) of every operator with state in the savepoint or checkpoint at {@code pointer}. */
    static Map<String, String> withState(String pointer) throws IOException {
        CheckpointMetadata metadata = RestoredStateCheck.metadata(pointer);
        Map<String, String> out = new HashMap<>();
        for (OperatorState op : metadata.getOperatorStates()) {
            if (op.getNumberCollectedStates() > 0 || op.getCoordinatorState() != null) {
                String id = op.getOperatorID().toHexString();
                out.put(id, op.getOperatorUid().or(op::getOperatorName).orElse(id));
            }
        }
        return out;
    }

    /** Operator ids (generated and user-given) of the job graph these options build. */
    static Set<String> ofGraph(MeterflowConfig config, JobOptions options) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // The job's main reads the meters' ordinals from PostgreSQL; the graph's shape does not depend on them.
        JobOptions graphOptions = options.meterOrdinals() != null ? options : options.withMeterOrdinals(
                MeterOrdinals.inOrder(config.meterCatalog().slugs()));
        MeterflowJob.build(env, config, graphOptions);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        Set<String> ids = new HashSet<>();
        for (JobVertex v : graph.getVertices()) {
            for (OperatorIDPair pair : v.getOperatorIDs()) {
                ids.add(pair.getGeneratedOperatorID().toHexString());
                pair.getUserDefinedOperatorID().ifPresent(id -> ids.add(id.toHexString()));
            }
        }
        return ids;
    }

    /**
     * @throws CliException naming the state the replayed graph would drop besides the old source's,
     *     or saying the savepoint cannot be read from here
     */
    static void requireOnlySourceDropped(String pointer, MeterflowConfig config, JobOptions before, JobOptions after) {
        Map<String, String> saved;
        try {
            saved = withState(pointer);
        } catch (IOException | RuntimeException e) {
            throw new CliException("cannot read " + pointer + " from this machine to check that the replay drops nothing"
                    + " but the old source's offsets (" + Services.firstLine(String.valueOf(e.getMessage())) + ")", e);
        }
        Set<String> target = ofGraph(config, after);
        Set<String> droppable = new HashSet<>(ofGraph(config, before));
        droppable.removeAll(target);
        List<String> lost = StateMapping.unmapped(saved, target, droppable);
        if (!lost.isEmpty()) {
            throw new CliException(pointer + " holds state of " + String.join(", ", lost) + ", which the replayed job"
                    + " would not restore (a replay may drop only the old source's offsets): was the job built from"
                    + " another version of meterflow? Resume it with `meterflow submit --savepoint` first");
        }
    }
}
