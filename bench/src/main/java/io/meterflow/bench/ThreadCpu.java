package io.meterflow.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's threads by name, from Linux's {@code /proc/self/task/<tid>/stat} (utime +
 * stime): unlike JFR's execution samples it sees the JIT compiler, GC and RocksDB's native threads,
 * which a CPU-µs-per-event figure includes. Names are the OS thread names (15 characters, digits
 * folded to N). Empty where there is no /proc.
 */
final class ThreadCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final double NANOS_PER_TICK = 1e9 / 100; // USER_HZ, 100 on Linux

    private ThreadCpu() {}

    /** Thread id → (name, CPU nanos). */
    static Map<String, Map.Entry<String, Long>> snapshot() {
        Map<String, Map.Entry<String, Long>> out = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return out;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(t -> {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int open = stat.indexOf('(');
                    int close = stat.lastIndexOf(')');
                    String[] f = stat.substring(close + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    out.put(t.getFileName().toString(),
                            Map.entry(stat.substring(open + 1, close), (long) (ticks * NANOS_PER_TICK)));
                } catch (IOException | RuntimeException e) {
                    // the thread ended while listed
                }
            });
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** CPU nanos per thread name between two snapshots, largest first (threads born in between count from 0). */
    static Map<String, Long> between(Map<String, Map.Entry<String, Long>> start, Map<String, Map.Entry<String, Long>> end) {
        Map<String, Long> byName = new HashMap<>();
        end.forEach((tid, e) -> {
            Map.Entry<String, Long> s = start.get(tid);
            long d = e.getValue() - (s == null ? 0 : s.getValue());
            if (d > 0) {
                byName.merge(e.getKey().replaceAll("\\d+", "N").trim(), d, Long::sum);
            }
        });
        return byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    /** "name µs, ..." per event for the {@code top} largest. */
    static String perEvent(Map<String, Long> byName, long events, int top) {
        return byName.entrySet().stream().limit(top)
                .map(e -> String.format("%s %.1f", e.getKey(), e.getValue() / 1e3 / events))
                .collect(Collectors.joining(", "));
    }
}
