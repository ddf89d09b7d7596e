package io.meterflow.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Killing, stopping and waiting on a {@code ./meterflow run} process (the launcher execs the JVM). */
public final class ProcessKit {
    private ProcessKit() {}

    /** SIGKILL: no shutdown hook, no final commit; waits until the process is gone. */
    public static void kill9(Process p) throws InterruptedException {
        p.destroyForcibly();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + p.pid() + " survived SIGKILL");
        }
    }

    /** SIGTERM: the launcher's shutdown hook cancels the job; SIGKILL if it does not go. */
    public static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            kill9(p);
        }
    }

    /** Waits for {@code condition}, failing early (with its stderr) when the process exits. */
    public static void awaitWhileAlive(String what, Duration timeout, Process p, Path stderr, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (!p.isAlive()) {
                throw new AssertionError("./meterflow exited " + p.exitValue() + " while waiting for " + what + ": "
                        + Files.readString(stderr));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; stderr: " + Files.readString(stderr));
            }
            Thread.sleep(250);
        }
    }
}
