package io.meterflow.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * JFR around one pipeline run (the MiniCluster runs in this JVM), then the execution samples
 * aggregated by top frame (self time) and by the first meterflow frame on the stack (inclusive).
 */
final class JfrProfile implements AutoCloseable {
    record Frame(String method, long samples, double share) {}

    record Summary(long samples, List<Frame> topFrames, List<Frame> meterflowFrames, List<Frame> byThread) {}

    private final Recording recording;

    JfrProfile() throws Exception {
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.enable("jdk.ExecutionSample").withPeriod(java.time.Duration.ofMillis(10));
        // Threads inside JNI (RocksDB's get and put) are not execution samples; read these from the file.
        recording.enable("jdk.NativeMethodSample").withPeriod(java.time.Duration.ofMillis(10));
        recording.start();
    }

    Summary stop(Path file, int top) throws IOException {
        recording.stop();
        recording.dump(file);
        return summarize(file, top);
    }

    static Summary summarize(Path file, int top) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> ours = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(st.getFrames().get(0)), 1L, Long::sum);
            for (RecordedFrame f : st.getFrames()) {
                if (f.getMethod().getType().getName().startsWith("io.meterflow.")) {
                    ours.merge(name(f), 1L, Long::sum);
                    break;
                }
            }
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("\\(\\d+/\\d+\\)#\\d+", "").replaceAll("\\d+", "N"),
                    1L, Long::sum);
        }
        return new Summary(samples, topN(self, samples, top), topN(ours, samples, top), topN(threads, samples, 8));
    }

    private static String name(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName()
                + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }

    private static List<Frame> topN(Map<String, Long> counts, long total, int n) {
        List<Frame> out = new ArrayList<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(n)
                .forEach(e -> out.add(new Frame(e.getKey(), e.getValue(), total == 0 ? 0 : 100.0 * e.getValue() / total)));
        return out;
    }

    @Override
    public void close() {
        recording.close();
    }
}
