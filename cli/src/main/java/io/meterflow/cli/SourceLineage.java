package io.meterflow.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which source a generation's job runs with ({@code meterflow.generation_source}): after a replay,
 * every later start must keep the replayed source's uid, from whichever launcher it comes (a local
 * run, a cluster submission, the next replay).
 */
final class SourceLineage {
    private static final Logger LOG = LoggerFactory.getLogger(SourceLineage.class);
    /** Where launchers before the table kept the id, in {@code <checkpoint.dir>/g<N>/}. */
    static final String LEGACY_FILE = "source-id";

    private SourceLineage() {}

    /** The replay id the generation's source runs with; empty for the live source. */
    static Optional<String> replayId(Connection db, int generation) {
        try (PreparedStatement ps = db.prepareStatement(
                "SELECT replay_id FROM meterflow.generation_source WHERE generation = ?")) {
            ps.setInt(1, generation);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new CliException("cannot read the source of generation " + generation + " from PostgreSQL: "
                    + Services.firstLine(e.getMessage()), e);
        }
    }

    /** Records that the generation now runs with the source of {@code replayId}. */
    static void record(Connection db, int generation, String replayId, String from, String jobId) {
        try (PreparedStatement ps = db.prepareStatement(
                "INSERT INTO meterflow.generation_source (generation, replay_id, replayed_from, job_id, recorded_by)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (generation) DO UPDATE SET replay_id = EXCLUDED.replay_id,"
                        + " replayed_from = EXCLUDED.replayed_from, job_id = EXCLUDED.job_id,"
                        + " recorded_by = EXCLUDED.recorded_by, recorded_at = now()")) {
            ps.setInt(1, generation);
            ps.setString(2, replayId);
            ps.setString(3, from == null ? "" : from);
            ps.setString(4, jobId == null ? "" : jobId);
            ps.setString(5, launcher());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new CliException("cannot record the replayed source of generation " + generation + " in PostgreSQL: "
                    + Services.firstLine(e.getMessage()), e);
        }
    }

    /**
     * Moves the id an older launcher wrote to {@code genDir/source-id} into the table, then deletes
     * the file. A row already there wins: it was written after the file by a newer launcher.
     */
    static void migrateLegacyFile(Connection db, int generation, Path genDir) throws IOException {
        Path file = genDir.resolve(LEGACY_FILE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        String id = Files.readString(file, StandardCharsets.UTF_8).trim();
        Optional<String> row = replayId(db, generation);
        if (!id.isEmpty() && row.isEmpty()) {
            record(db, generation, id, "migrated from " + file, "");
            LOG.info("Moved the replayed source id {} of generation {} from {} into meterflow.generation_source",
                    id, generation, file);
        } else if (row.isPresent() && !row.get().equals(id)) {
            LOG.warn("Ignoring {} (replay id {}): meterflow.generation_source names {} for generation {}",
                    file, id, row.get(), generation);
        }
        Files.delete(file);
    }

    private static String launcher() {
        String s = "pid " + ProcessHandle.current().pid() + " on "
                + ManagementFactory.getRuntimeMXBean().getName().replaceFirst("^\\d+@", "");
        return s.length() > 200 ? s.substring(0, 200) : s;
    }
}
