package io.meterflow.job;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which Kafka source a run of the job uses and where it starts. The live source resumes from its
 * checkpointed offsets; a replay gives the source a fresh uid (its id) so the live offsets are not
 * restored, and rewinds it to a time or to explicit offsets. Later runs keep a replayed source.
 */
public sealed interface SourceStart extends Serializable
        permits SourceStart.Committed, SourceStart.ResumeReplay, SourceStart.FromTime, SourceStart.FromOffsets {

    /** The replay id that names the source (its uid and consumer group), empty for the live source. */
    Optional<String> replayId();

    /** True when this start rewinds a new source (offsets of the old one are deliberately left behind). */
    default boolean rewinds() {
        return false;
    }

    /** The live source: its checkpointed offsets, or {@code kafka.startingOffsets} without state. */
    record Committed() implements SourceStart {
        @Override
        public Optional<String> replayId() {
            return Optional.empty();
        }
    }

    /** The source an earlier replay created, resumed from its checkpointed offsets. */
    record ResumeReplay(String id) implements SourceStart {
        public ResumeReplay {
            id = checkId(id);
        }

        @Override
        public Optional<String> replayId() {
            return Optional.of(id);
        }
    }

    /** A replay from the first offset of each partition whose timestamp is at or after {@code time}. */
    record FromTime(String id, Instant time) implements SourceStart {
        public FromTime {
            id = checkId(id);
            Objects.requireNonNull(time, "a replay from a time needs the time");
        }

        @Override
        public Optional<String> replayId() {
            return Optional.of(id);
        }

        @Override
        public boolean rewinds() {
            return true;
        }
    }

    /** A replay from these positions (partition → offset); the launcher lists every partition. */
    record FromOffsets(String id, Map<Integer, Long> offsets) implements SourceStart {
        public FromOffsets {
            id = checkId(id);
            Objects.requireNonNull(offsets, "a replay from offsets needs the offsets");
            if (offsets.isEmpty()) {
                throw new IllegalArgumentException("a replay from offsets needs at least one partition:offset");
            }
            offsets.forEach((p, o) -> {
                if (p == null || o == null || p < 0 || o < 0) {
                    throw new IllegalArgumentException("bad replay position " + p + ":" + o
                            + " (partition and offset must be numbers >= 0)");
                }
            });
            offsets = Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
        }

        @Override
        public Optional<String> replayId() {
            return Optional.of(id);
        }

        @Override
        public boolean rewinds() {
            return true;
        }
    }

    private static String checkId(String id) {
        Objects.requireNonNull(id, "a replayed source needs a replay id");
        // The id becomes part of an operator uid and a consumer group name.
        if (!id.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("replay id '" + id + "' may only hold letters, digits, '.', '_' and '-'");
        }
        return id;
    }
}
