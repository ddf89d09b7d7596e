package io.meterflow.config;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the PostgreSQL password comes from. Only the reference is serialized (an environment
 * variable's name, a file's path, or an opaque id), never the password: the settings travel in the
 * job graph, which rests in Flink's blob store and HA storage. Each task manager resolves the
 * reference when it connects.
 *
 * <p>A password written inline in the config can only be resolved inside the JVM that read it: it is
 * kept in this JVM's memory under a random id, which is all the job graph carries. That covers the
 * launcher's own MiniCluster ({@code run}, {@code replay}, {@code rebuild}, {@code demo}); a task
 * manager in another JVM fails with a message saying to use {@code passwordEnv} or {@code passwordFile}.
 */
public final class PostgresPassword implements Serializable {
    private static final long serialVersionUID = 1L;

    private enum Kind { NONE, ENV, FILE, IN_PROCESS }

    private static final Map<String, String> IN_PROCESS_BY_ID = new ConcurrentHashMap<>();
    private static final Map<String, String> IN_PROCESS_ID_BY_VALUE = new ConcurrentHashMap<>();
    private static final PostgresPassword NONE = new PostgresPassword(Kind.NONE, null, null);

    private final Kind kind;
    private final String reference;
    /** Known where the reference was made (the launcher); never serialized. */
    private final transient String known;

    private PostgresPassword(Kind kind, String reference, String known) {
        this.kind = kind;
        this.reference = reference;
        this.known = known;
    }

    public static PostgresPassword none() {
        return NONE;
    }

    /** From the environment variable {@code name} (of the process that connects). */
    public static PostgresPassword fromEnv(String name) {
        return new PostgresPassword(Kind.ENV, Objects.requireNonNull(name, "name"), null);
    }

    /** As {@link #fromEnv(String)}, with the value this process already read (used here before any lookup). */
    public static PostgresPassword fromEnv(String name, String knownValue) {
        return new PostgresPassword(Kind.ENV, Objects.requireNonNull(name, "name"), knownValue);
    }

    /** From the file at {@code path} (its content, without one trailing line break), read at every connect. */
    public static PostgresPassword fromFile(String path) {
        return new PostgresPassword(Kind.FILE, Objects.requireNonNull(path, "path"), null);
    }

    /** A literal password: usable only by connections opened in this JVM (see the class comment). */
    public static PostgresPassword inProcess(String value) {
        if (value == null) {
            return NONE;
        }
        String id = IN_PROCESS_ID_BY_VALUE.computeIfAbsent(value, v -> {
            String fresh = UUID.randomUUID().toString();
            IN_PROCESS_BY_ID.put(fresh, v);
            return fresh;
        });
        return new PostgresPassword(Kind.IN_PROCESS, id, value);
    }

    public boolean isSet() {
        return kind != Kind.NONE;
    }

    /** The password, or null for none. */
    String resolve() throws SQLException {
        switch (kind) {
            case NONE:
                return null;
            case ENV: {
                if (known != null) {
                    return known;
                }
                String v = System.getenv(reference);
                if (v == null) {
                    throw new SQLException("postgres.passwordEnv: environment variable " + reference
                            + " is not set in this process (set it on every TaskManager and the JobManager)", "28P01");
                }
                return v;
            }
            case FILE:
                try {
                    return readPasswordFile(Path.of(reference));
                } catch (IOException e) {
                    throw new SQLException("postgres.passwordFile: cannot read " + reference + " ("
                            + e.getClass().getSimpleName() + "; it must exist on every TaskManager and the JobManager)",
                            "28P01", e);
                }
            case IN_PROCESS: {
                String v = known != null ? known : IN_PROCESS_BY_ID.get(reference);
                if (v == null) {
                    throw new SQLException("postgres.password is written inline in the config: it never travels"
                            + " with the job, so only a job inside the launcher's JVM (run, replay, rebuild, demo) can"
                            + " use it; on a Flink cluster use postgres.passwordEnv or postgres.passwordFile", "28P01");
                }
                return v;
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** A password file's content without one trailing line break ({@code echo secret > file} works). */
    public static String readPasswordFile(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        if (s.endsWith("\r\n")) {
            return s.substring(0, s.length() - 2);
        }
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PostgresPassword && ((PostgresPassword) o).kind == kind
                && Objects.equals(((PostgresPassword) o).reference, reference);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, reference);
    }

    /** Says where the password comes from, never what it is. */
    @Override
    public String toString() {
        switch (kind) {
            case NONE:
                return "<none>";
            case ENV:
                return "env:" + reference;
            case FILE:
                return "file:" + reference;
            default:
                return "***";
        }
    }
}
