package io.meterflow.cli;

import io.meterflow.embedded.flink.FlinkRestClient;
import io.meterflow.embedded.flink.FlinkRestException;
import java.io.PrintWriter;
import java.util.Optional;

/** Prints progress (lag, events/s) every 2 s until a job has caught up with the end of the topic. */
final class CatchUp {
    private CatchUp() {}

    /** The job being watched: in the launcher's MiniCluster or on a Flink cluster. */
    interface Watched {
        /** True once the job reached a globally terminal state. */
        boolean ended() throws Exception;

        /** @throws CliException with the reason when the job failed; returns when it ended otherwise */
        void failIfFailed() throws Exception;

        /** Where to look for details (the web UI). */
        String where();

        int generation();

        /** What the job's own metrics say, appended to the progress line; "" when none. */
        default String metrics() {
            return "";
        }
    }

    static Watched of(LocalJob job) {
        return new Watched() {
            @Override
            public boolean ended() {
                return job.status().isGloballyTerminalState();
            }

            @Override
            public void failIfFailed() throws InterruptedException {
                job.failIfFailed();
            }

            @Override
            public String where() {
                return job.webUrl();
            }

            @Override
            public int generation() {
                return job.generation();
            }
        };
    }

    /** A job on a Flink cluster; progress also from its REST metrics (the source's meterflow group, Kafka lag). */
    static Watched of(FlinkRestClient rest, String jobId, int generation) {
        return new Watched() {
            private String lastStatus = "UNKNOWN";

            @Override
            public boolean ended() {
                try {
                    lastStatus = rest.jobStatus(jobId);
                } catch (FlinkRestException e) {
                    return false; // a REST hiccup is not the end of the job
                }
                return FlinkRestClient.TERMINAL_STATES.contains(lastStatus);
            }

            @Override
            public void failIfFailed() {
                if ("FAILED".equals(lastStatus)) {
                    throw new CliException("job " + jobId + " failed: "
                            + rest.failureTrace(jobId).map(RefusalReason::of).orElse("see " + rest.baseUrl()));
                }
            }

            @Override
            public String where() {
                return rest.baseUrl() + "/#/job/running/" + jobId + "/overview";
            }

            @Override
            public int generation() {
                return generation;
            }

            @Override
            public String metrics() {
                try {
                    Optional<Long> read = rest.sumMetric(jobId, ".meterflow.eventsRead");
                    Optional<Long> pending = rest.sumMetric(jobId, ".pendingRecords");
                    if (read.isEmpty() && pending.isEmpty()) {
                        return "; cluster " + lastStatus;
                    }
                    return "; cluster " + lastStatus + ": " + read.map(r -> String.format("%,d", r)).orElse("?")
                            + " read by the source, " + pending.map(p -> String.format("%,d", p)).orElse("?") + " pending";
                } catch (FlinkRestException e) {
                    return "; cluster metrics unavailable (" + Services.firstLine(e.getMessage()) + ")";
                }
            }
        };
    }

    static void watch(PrintWriter out, LocalJob job, Progress progress, boolean requireReads) throws Exception {
        watch(out, of(job), progress, requireReads);
    }

    /**
     * Returns once the group's committed offsets reach the end of the log and events_read stopped
     * growing for two polls (everything read is committed to PostgreSQL).
     */
    static void watch(PrintWriter out, Watched job, Progress progress, boolean requireReads) throws Exception {
        long lastRead = -1;
        long lastTime = System.nanoTime();
        int stable = 0;
        while (true) {
            if (job.ended()) {
                job.failIfFailed();
                throw new CliException("the job ended before catching up; see " + job.where());
            }
            Thread.sleep(2000);
            long lag = progress.lag();
            long read = progress.eventsRead();
            long nowNs = System.nanoTime();
            double rate = lastRead < 0 ? 0 : (read - lastRead) / ((nowNs - lastTime) / 1e9);
            out.printf("  lag %s records, %,.0f events/s, %,d events read (generation %d)%s%n",
                    lag < 0 ? "?" : String.format("%,d", lag), rate, read, job.generation(), job.metrics());
            out.flush();
            boolean quiet = lastRead >= 0 && read == lastRead;
            stable = lag == 0 && quiet && (!requireReads || read > 0) ? stable + 1 : 0;
            lastRead = read;
            lastTime = nowNs;
            if (stable >= 2) {
                out.println("caught up: " + String.format("%,d", read) + " events read in generation " + job.generation());
                out.flush();
                return;
            }
        }
    }
}
