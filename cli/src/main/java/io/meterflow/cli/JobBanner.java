package io.meterflow.cli;

import java.io.PrintWriter;

/** The lines a locally started job prints: what runs, from which state, where to look. */
final class JobBanner {
    private JobBanner() {}

    static void print(PrintWriter out, LocalJob job, ConfigFile file) {
        var c = file.config();
        out.println("meterflow job " + job.jobId() + " running locally, generation " + job.generation());
        out.println("  Kafka       " + c.kafka().bootstrapServers() + "  topic " + c.kafka().topic()
                + "  group " + c.kafka().groupId());
        out.println("  PostgreSQL  " + c.postgres().redactedUrl());
        out.println("  checkpoints " + job.config().config().checkpoint().dir()
                + job.restoredFrom().map(p -> "  (resumed from " + p + ")").orElse("  (started without state)"));
        out.println("  Flink UI    " + job.webUrl());
        out.println("  Prometheus  " + job.prometheusUrl());
        out.println("Ctrl-C stops the job; the latest checkpoint is kept and the next run resumes from it.");
        out.flush();
    }
}
