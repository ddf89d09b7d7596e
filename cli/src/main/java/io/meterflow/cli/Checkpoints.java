package io.meterflow.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the checkpoint a local run resumes from. Flink lays retained checkpoints out as
 * {@code <dir>/<jobId>/chk-<n>/_metadata}; a new run gets a new job id, so the newest complete
 * checkpoint of any earlier run in the directory is the one to restore.
 */
final class Checkpoints {
    private static final Pattern CHK = Pattern.compile("chk-(\\d+)");

    private Checkpoints() {}

    /** The local directory of a checkpoint URI ({@code file:///x}, {@code /x}); empty for remote schemes. */
    static Optional<Path> localPath(String dir) {
        if (dir == null || dir.isBlank()) {
            return Optional.empty();
        }
        if (dir.startsWith("file:")) {
            String uri = dir.startsWith("file://") || dir.startsWith("file:/") ? dir : "file:" + dir.substring(5);
            return Optional.of(Paths.get(URI.create(uri.replace(" ", "%20"))));
        }
        if (dir.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return Optional.empty();
        }
        return Optional.of(Paths.get(dir).toAbsolutePath());
    }

    /**
     * The newest complete checkpoint of job {@code preferredJobId} under {@code dir} when it has one
     * (the job that owns the generation), else the newest of any job.
     */
    static Optional<Path> latest(Path dir, Optional<String> preferredJobId) {
        if (preferredJobId.isPresent()) {
            Optional<Path> own = latest(dir, preferredJobId.get());
            if (own.isPresent()) {
                return own;
            }
        }
        return latest(dir);
    }

    private static Optional<Path> latest(Path dir, String jobId) {
        Path jobDir = dir.resolve(jobId);
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        return completeCheckpoints(jobDir)
                .max(Comparator.comparing(Checkpoints::metadataTime).thenComparingLong(Checkpoints::number));
    }

    /** The newest {@code chk-*} directory holding a {@code _metadata} file under {@code <dir>/<jobId>/}. */
    static Optional<Path> latest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(dir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(Checkpoints::completeCheckpoints)
                    .max(Comparator.comparing(Checkpoints::metadataTime).thenComparingLong(Checkpoints::number));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir, e);
        }
    }

    private static Stream<Path> completeCheckpoints(Path jobDir) {
        try (Stream<Path> children = Files.list(jobDir)) {
            return children
                    .filter(p -> CHK.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .toList()
                    .stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }

    private static FileTime metadataTime(Path chk) {
        try {
            return Files.getLastModifiedTime(chk.resolve("_metadata"));
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    static long number(Path chk) {
        Matcher m = CHK.matcher(chk.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }
}
