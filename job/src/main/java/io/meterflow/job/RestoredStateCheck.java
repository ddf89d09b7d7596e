package io.meterflow.job;

import io.meterflow.pipeline.MeteringPipeline;
import java.io.DataInputStream;
import java.io.IOException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.CompletedCheckpointStorageLocation;
import org.apache.flink.runtime.state.filesystem.AbstractFsCheckpointStorageAccess;

/**
 * Refuses, before the job is built, a savepoint or checkpoint whose dedupe state this version cannot
 * use. Flink would otherwise refuse it with a generic "cannot map state" error, or, on a replay (which
 * allows unclaimed state for the old source), silently drop it and count every replayed event again.
 */
public final class RestoredStateCheck {

    private RestoredStateCheck() {}

    static void check(ReadableConfig flinkConfig) {
        String path = flinkConfig.get(StateRecoveryOptions.SAVEPOINT_PATH);
        if (path == null || path.isBlank()) {
            return;
        }
        try {
            if (holdsState(path, MeteringPipeline.LEGACY_DEDUPE_UID)) {
                throw new IllegalStateException(legacyDedupeMessage(path));
            }
        } catch (IOException e) {
            // Flink reads it again on restore and reports what is wrong with it there.
        }
    }

    /** True when the savepoint or retained checkpoint at {@code path} holds state of the operator {@code uid}. */
    public static boolean holdsState(String path, String uid) throws IOException {
        CheckpointMetadata metadata = metadata(path);
        for (OperatorState op : metadata.getOperatorStates()) {
            if (op.getOperatorUid().filter(uid::equals).isPresent() && op.getStateSize() > 0) {
                return true;
            }
        }
        return false;
    }

    /** The metadata of the savepoint or retained checkpoint at {@code path} (a directory or its {@code _metadata}). */
    public static CheckpointMetadata metadata(String path) throws IOException {
        CompletedCheckpointStorageLocation location = AbstractFsCheckpointStorageAccess.resolveCheckpointPointer(path);
        try (DataInputStream in = new DataInputStream(location.getMetadataHandle().openInputStream())) {
            return Checkpoints.loadCheckpointMetadata(in, RestoredStateCheck.class.getClassLoader(), path);
        }
    }

    static String legacyDedupeMessage(String path) {
        return "The state in " + path + " was written by meterflow 0.1.0, whose dedupe is keyed by (meter,"
                + " subject); this version keys it by subject and cannot restore it. Convert it once with"
                + " `meterflow savepoint upgrade --from " + path + " --to <new directory>` and start from the"
                + " converted savepoint (see README, \"Upgrading from 0.1.0\").";
    }
}
