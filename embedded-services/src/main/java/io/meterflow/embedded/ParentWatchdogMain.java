package io.meterflow.embedded;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of server JVMs started by the embedded services: {@code ParentWatchdogMain <parentPid>
 * <mainClass> [args...]} runs {@code mainClass} and exits the JVM when the parent process dies.
 *
 * <p>Why: a test JVM killed by a timeout (or {@code kill -9}) never runs its shutdown hooks, and the
 * broker it started would keep running forever on a shared 2-core machine. {@code System.exit} (not
 * {@code halt}) so the server's own shutdown hooks still close its logs cleanly. Uses only the JDK: it
 * runs on the server's classpath, not ours.
 */
public final class ParentWatchdogMain {

    private ParentWatchdogMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: ParentWatchdogMain <parentPid> <mainClass> [args...]");
        }
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid)
                .ifPresentOrElse(
                        parent -> parent.onExit().thenRun(() -> exit("parent process " + parentPid + " exited")),
                        () -> exit("parent process " + parentPid + " is already gone"));
        Method main = Class.forName(args[1]).getMethod("main", String[].class);
        main.invoke(null, (Object) Arrays.copyOfRange(args, 2, args.length));
    }

    private static void exit(String why) {
        System.err.println("[meterflow watchdog] " + why + ": stopping this server");
        System.exit(143);
    }
}
