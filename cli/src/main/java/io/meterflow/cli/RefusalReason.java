package io.meterflow.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reason a job failed, from the stack trace Flink reports: meterflow's own refusal if there is one. Pure. */
final class RefusalReason {
    /** The exceptions meterflow refuses a start or a commit with: their message is the reason to show. */
    static final List<Class<? extends RuntimeException>> REFUSALS = List.of(
            io.meterflow.sink.StaleStateException.class, io.meterflow.sink.FencedOutException.class,
            io.meterflow.sink.PostgresBehindStateException.class);
    private static final Pattern CAUSE = Pattern.compile("(?m)^(?:Caused by: )?([\\w.$]+(?:Exception|Error)): (.*)$");

    private RefusalReason() {}

    static String of(String trace) {
        Matcher m = CAUSE.matcher(trace);
        String last = null;
        while (m.find()) {
            String type = m.group(1);
            if (REFUSALS.stream().anyMatch(c -> c.getName().equals(type))) {
                return m.group(2).trim();
            }
            last = m.group(1).replaceFirst("^.*\\.", "") + ": " + m.group(2).trim();
        }
        return last != null ? last : trace.lines().findFirst().orElse("").trim();
    }
}
