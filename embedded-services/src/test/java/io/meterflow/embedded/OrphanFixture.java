package io.meterflow.embedded;

import java.nio.file.Path;

/** Run by {@link OrphanedServersTest} in a JVM of its own: starts both servers, prints their pids, then waits to be killed. */
public final class OrphanFixture {

    private OrphanFixture() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(dir.resolve("kafka"));
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"));
        System.out.println("PIDS " + kafka.pid() + " " + postgres.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
