package io.meterflow.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The reason a job failed, from the stack trace Flink reports: meterflow's own refusal if there is one. Pure. */
final class RefusalReason {
    private static final List<String> REFUSALS = List.of(
            "io.meterflow.sink.StaleStateException", "io.meterflow.sink.FencedOutException",
            "io.meterflow.sink.PostgresBehindStateException");
    private static final Pattern CAUSE = Pattern.compile("(?m)^(?:Caused by: )?([\\w.$]+(?:Exception|Error)): (.*)$");

    private RefusalReason() {}

    static String of(String trace) {
        Matcher m = CAUSE.matcher(trace);
        String last = null;
        while (m.find()) {
            if (REFUSALS.contains(m.group(1))) {
                return m.group(2).trim();
            }
            last = m.group(1).replaceFirst("^.*\\.", "") + ": " + m.group(2).trim();
        }
        return last != null ? last : trace.lines().findFirst().orElse("").trim();
    }
}
