package io.meterflow.cli;

import io.meterflow.config.ConfigException;
import io.meterflow.config.Secrets;
import io.meterflow.event.Utf8;
import java.util.HashSet;
import java.util.Set;

/** Turns any failure into the one line the launcher prints. Pure: unit-tested. */
final class ErrorMessages {
    private ErrorMessages() {}

    static String oneLine(Throwable t) {
        if (t instanceof CliException) {
            return flatten(t.getMessage());
        }
        ConfigException config = find(t, ConfigException.class);
        if (config != null) {
            String first = config.getMessage().lines().findFirst().orElse("invalid configuration");
            if (first.endsWith(":")) {
                first = first.substring(0, first.length() - 1);
            }
            return first + ": " + String.join("; ", config.problems());
        }
        CliException wrapped = find(t, CliException.class);
        if (wrapped != null) {
            return flatten(wrapped.getMessage());
        }
        Throwable root = rootCause(t);
        String message = root.getMessage() == null ? "" : root.getMessage();
        String text = root == t || message.isBlank() || t.getMessage() == null
                ? root.getClass().getSimpleName() + (message.isBlank() ? "" : ": " + message)
                : flatten(t.getMessage()) + " (" + root.getClass().getSimpleName() + ": " + message + ")";
        return flatten(Secrets.redactUrl(text));
    }

    static Throwable rootCause(Throwable t) {
        Set<Throwable> seen = new HashSet<>();
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r && seen.add(r)) {
            r = r.getCause();
        }
        return r;
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String flatten(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s*\\R\\s*", " ").trim();
        return Utf8.shorten(one, 1200);
    }
}
