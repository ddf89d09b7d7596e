package io.meterflow.cli;

import java.io.PrintWriter;

/** Prints progress (lag, events/s) every 2 s until a job has caught up with the end of the topic. */
final class CatchUp {
    private CatchUp() {}

    /**
     * Returns once the group's committed offsets reach the end of the log and events_read stopped
     * growing for two polls (everything read is committed to PostgreSQL).
     */
    static void watch(PrintWriter out, LocalJob job, Progress progress, boolean requireReads) throws Exception {
        long lastRead = -1;
        long lastTime = System.nanoTime();
        int stable = 0;
        while (true) {
            if (job.status().isGloballyTerminalState()) {
                job.failIfFailed();
                throw new CliException("the job ended (" + job.status() + ") before catching up; see " + job.webUrl());
            }
            Thread.sleep(2000);
            long lag = progress.lag();
            long read = progress.eventsRead();
            long nowNs = System.nanoTime();
            double rate = lastRead < 0 ? 0 : (read - lastRead) / ((nowNs - lastTime) / 1e9);
            out.printf("  lag %s records, %,.0f events/s, %,d events read (generation %d)%n",
                    lag < 0 ? "?" : String.format("%,d", lag), rate, read, job.generation());
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
