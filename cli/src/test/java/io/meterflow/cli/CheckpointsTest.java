package io.meterflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointsTest {

    private static Path checkpoint(Path dir, String job, int n, long mtime, boolean complete) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        if (complete) {
            Path meta = Files.writeString(chk.resolve("_metadata"), "x");
            Files.setLastModifiedTime(meta, FileTime.fromMillis(mtime));
        }
        return chk;
    }

    @Test
    void newestCompleteCheckpointOfAnyEarlierRunWins(@TempDir Path dir) throws Exception {
        checkpoint(dir, "aaaa", 7, 1_000, true);
        Path newest = checkpoint(dir, "bbbb", 3, 5_000, true); // a later run restarted numbering from its restore
        checkpoint(dir, "bbbb", 4, 0, false); // in progress when killed: no _metadata
        Files.createDirectories(dir.resolve("bbbb").resolve("shared"));
        assertThat(Checkpoints.latest(dir)).contains(newest);
    }

    @Test
    void theOwningJobsNewestCheckpointWinsOverANewerOneOfAFencedJob(@TempDir Path dir) throws Exception {
        Path owners = checkpoint(dir, "owner", 9, 1_000, true);
        checkpoint(dir, "zombie", 12, 5_000, true); // written after it was fenced out: its commits were refused
        assertThat(Checkpoints.latest(dir, java.util.Optional.of("owner"))).contains(owners);
        // An owner that never completed a checkpoint (it crashed right after claiming): the newest of any.
        assertThat(Checkpoints.latest(dir, java.util.Optional.of("crashed")))
                .contains(dir.resolve("zombie").resolve("chk-12"));
        assertThat(Checkpoints.latest(dir, java.util.Optional.empty())).contains(dir.resolve("zombie").resolve("chk-12"));
    }

    @Test
    void emptyOrMissingDirectoryHasNone(@TempDir Path dir) throws Exception {
        assertThat(Checkpoints.latest(dir)).isEmpty();
        assertThat(Checkpoints.latest(dir.resolve("missing"))).isEmpty();
        checkpoint(dir, "cccc", 1, 0, false);
        assertThat(Checkpoints.latest(dir)).isEmpty();
    }

    @Test
    void localPathsFromCheckpointUris() {
        assertThat(Checkpoints.localPath("file:///var/lib/cp")).contains(Path.of("/var/lib/cp"));
        assertThat(Checkpoints.localPath("/var/lib/cp")).contains(Path.of("/var/lib/cp"));
        assertThat(Checkpoints.localPath("s3://bucket/cp")).isEmpty();
        assertThat(Checkpoints.localPath(null)).isEmpty();
    }
}
