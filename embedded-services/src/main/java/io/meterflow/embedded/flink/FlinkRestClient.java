package io.meterflow.embedded.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.rest.util.RestClientException;
import org.apache.flink.util.ExceptionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few Flink REST calls meterflow needs (submit, stop with savepoint, cancel, checkpoints),
 * with one-line error messages. Job status, stop-with-savepoint and cancel go through Flink's own
 * {@link RestClusterClient}; what it lacks (uploading and running a JAR, which flink-runtime-web
 * serves, and the JSON views of checkpoints, exceptions and the overview) is plain HTTP here.
 * Works against any Flink 2.x session cluster whose classpath has flink-runtime-web (for /jars).
 */
public final class FlinkRestClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FlinkRestClient.class);

    /** Job states after which a job never runs again. */
    public static final Set<String> TERMINAL_STATES = Set.of("FINISHED", "CANCELED", "FAILED");

    private final String baseUrl;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final Duration requestTimeout;
    private RestClusterClient<StandaloneClusterId> cluster;

    /** {@code baseUrl} like {@code http://jobmanager:8081}; a trailing slash is ignored. */
    public FlinkRestClient(String baseUrl) {
        this(baseUrl, Duration.ofSeconds(60));
    }

    public FlinkRestClient(String baseUrl, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Uploads a job JAR (POST /jars/upload); returns the jar id for {@link #runJar}. */
    public String uploadJar(Path jar) throws FlinkRestException {
        byte[] content;
        try {
            content = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new FlinkRestException("Cannot read job JAR " + jar + ": " + e.getMessage(), -1, e);
        }
        String boundary = "meterflow-" + UUID.randomUUID();
        String fileName = jar.getFileName().toString();
        // Flink only accepts the part named "jarfile" with a .jar file name.
        ByteArrayOutputStream body = new ByteArrayOutputStream(content.length + 512);
        body.writeBytes(("--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"" + (fileName.endsWith(".jar") ? fileName : fileName + ".jar") + "\"\r\n"
                + "Content-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = request("/jars/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        JsonNode response = send(request, "upload " + fileName);
        String filename = response.path("filename").asText("");
        if (filename.isEmpty()) {
            throw new FlinkRestException("Flink REST at " + baseUrl + " accepted the upload of " + fileName + " but returned no file name: " + response);
        }
        String jarId = Path.of(filename).getFileName().toString();
        LOG.info("Uploaded {} to {} as {}", jar, baseUrl, jarId);
        return jarId;
    }

    /**
     * Runs an uploaded JAR (POST /jars/{id}/run); returns the job id. {@code entryClass} null uses
     * the manifest's Main-Class, {@code savepointPath} null starts without state, {@code parallelism}
     * of 0 or less uses the cluster default.
     */
    public String runJar(String jarId, String entryClass, List<String> programArgs, String savepointPath,
            boolean allowNonRestoredState, int parallelism) throws FlinkRestException {
        ObjectNode body = json.createObjectNode();
        if (entryClass != null) {
            body.put("entryClass", entryClass);
        }
        if (programArgs != null && !programArgs.isEmpty()) {
            programArgs.forEach(body.putArray("programArgsList")::add);
        }
        if (parallelism > 0) {
            body.put("parallelism", parallelism);
        }
        if (savepointPath != null) {
            body.put("savepointPath", savepointPath);
            body.put("allowNonRestoredState", allowNonRestoredState);
        }
        JsonNode response = send(request("/jars/" + jarId + "/run")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build(), "run jar " + jarId);
        String jobId = response.path("jobid").asText("");
        if (jobId.isEmpty()) {
            throw new FlinkRestException("Flink REST at " + baseUrl + " ran jar " + jarId + " but returned no job id: " + response);
        }
        LOG.info("Started job {} from jar {}{}", jobId, jarId, savepointPath == null ? "" : " restoring " + savepointPath);
        return jobId;
    }

    /** The job's state: CREATED, RUNNING, FINISHED, CANCELED, FAILED, RESTARTING, ... */
    public String jobStatus(String jobId) throws FlinkRestException {
        JobID id = jobId(jobId);
        return await(cluster().getJobStatus(id), "status of job " + jobId, requestTimeout).name();
    }

    /** Polls {@link #jobStatus} until it is one of {@code states}; fails early on another terminal state. */
    public String awaitJobStatus(String jobId, Set<String> states, Duration timeout) throws FlinkRestException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String status = null;
        while (System.nanoTime() < deadline) {
            status = jobStatus(jobId);
            if (states.contains(status)) {
                return status;
            }
            if (TERMINAL_STATES.contains(status)) {
                throw new FlinkRestException("Job " + jobId + " ended " + status + " while waiting for " + states
                        + rootCause(jobId).map(c -> ": " + c).orElse(""));
            }
            pause(200);
        }
        throw new FlinkRestException("Job " + jobId + " still " + status + " after " + timeout.toSeconds() + " s, waiting for " + states);
    }

    /**
     * Stops the job with a savepoint and returns the savepoint's path once the job is FINISHED.
     * {@code targetDir} null uses the cluster's execution.checkpointing.savepoint-dir.
     */
    public String stopWithSavepoint(String jobId, String targetDir) throws FlinkRestException {
        JobID id = jobId(jobId);
        // Not drained: windows stay open, the job is resumed from this savepoint.
        String location = await(cluster().stopWithSavepoint(id, false, targetDir, SavepointFormatType.CANONICAL),
                "stop-with-savepoint of job " + jobId, Duration.ofMinutes(10));
        // "Stopped" must mean the job no longer runs, not only that the savepoint exists.
        awaitJobStatus(jobId, Set.of("FINISHED"), Duration.ofMinutes(1));
        LOG.info("Job {} stopped with savepoint {}", jobId, location);
        return location;
    }

    /** Cancels the job; returns without waiting for CANCELED. */
    public void cancel(String jobId) throws FlinkRestException {
        await(cluster().cancel(jobId(jobId)), "cancel job " + jobId, requestTimeout);
        LOG.info("Cancel requested for job {}", jobId);
    }

    /** External path of the latest completed checkpoint (GET /jobs/{id}/checkpoints), if any. */
    public Optional<String> latestCompletedCheckpoint(String jobId) throws FlinkRestException {
        JsonNode completed = send(request("/jobs/" + jobId + "/checkpoints").GET().build(), "checkpoints of job " + jobId)
                .path("latest").path("completed");
        if (completed.isMissingNode() || completed.isNull()) {
            return Optional.empty();
        }
        String path = completed.path("external_path").asText("");
        return path.isEmpty() || path.equals("<checkpoint-not-externally-addressable>") ? Optional.empty() : Optional.of(path);
    }

    /** The highest parallelism of the job's vertices (GET /jobs/{id}): what a resubmission keeps. */
    public int parallelism(String jobId) throws FlinkRestException {
        int p = 0;
        for (JsonNode vertex : send(request("/jobs/" + jobId).GET().build(), "job " + jobId).path("vertices")) {
            p = Math.max(p, vertex.path("parallelism").asInt(0));
        }
        return p;
    }

    /**
     * The sum over every vertex and subtask of the job's metrics whose name ends with {@code suffix}
     * (e.g. {@code .meterflow.eventsRead}, {@code .pendingRecords}); empty while none is reported.
     */
    public Optional<Long> sumMetric(String jobId, String suffix) throws FlinkRestException {
        JsonNode vertices = send(request("/jobs/" + jobId).GET().build(), "job " + jobId).path("vertices");
        long sum = 0;
        boolean found = false;
        for (JsonNode vertex : vertices) {
            String base = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/subtasks/metrics";
            List<String> names = new java.util.ArrayList<>();
            for (JsonNode m : send(request(base).GET().build(), "metrics of job " + jobId)) {
                String id = m.path("id").asText("");
                if (id.endsWith(suffix)) {
                    names.add(id);
                }
            }
            if (names.isEmpty()) {
                continue;
            }
            String get = java.net.URLEncoder.encode(String.join(",", names), StandardCharsets.UTF_8);
            for (JsonNode m : send(request(base + "?agg=sum&get=" + get).GET().build(), "metrics of job " + jobId)) {
                if (m.has("sum")) {
                    sum += (long) m.path("sum").asDouble();
                    found = true;
                }
            }
        }
        return found ? Optional.of(sum) : Optional.empty();
    }

    /** GET /overview: cluster summary (taskmanagers, slots-total, slots-available, flink-version, ...). */
    public JsonNode overview() throws FlinkRestException {
        return send(request("/overview").GET().build(), "overview");
    }

    /** The root cause of the job's last failure (GET /jobs/{id}/exceptions), first line only. */
    public Optional<String> rootCause(String jobId) {
        return failureTrace(jobId).map(FlinkRestClient::oneLine);
    }

    /** The stack trace of the job's last failure (GET /jobs/{id}/exceptions), causes included. */
    public Optional<String> failureTrace(String jobId) {
        try {
            JsonNode ex = send(request("/jobs/" + jobId + "/exceptions").GET().build(), "exceptions of job " + jobId);
            JsonNode history = ex.path("exceptionHistory").path("entries");
            String trace = history.isArray() && history.size() > 0 ? history.get(0).path("stacktrace").asText("")
                    : ex.path("root-exception").asText("");
            return trace.isEmpty() ? Optional.empty() : Optional.of(trace);
        } catch (FlinkRestException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    // ----------------------------------------------------------------------------------------

    private synchronized RestClusterClient<StandaloneClusterId> cluster() throws FlinkRestException {
        if (cluster == null) {
            URI uri = URI.create(baseUrl);
            Configuration conf = new Configuration();
            conf.set(RestOptions.ADDRESS, uri.getHost());
            conf.set(RestOptions.PORT, uri.getPort() < 0 ? 8081 : uri.getPort());
            // A CLI answers in seconds: two tries, not Flink's default of twenty.
            conf.set(RestOptions.RETRY_MAX_ATTEMPTS, 1);
            conf.set(RestOptions.RETRY_DELAY, Duration.ofMillis(500));
            conf.set(RestOptions.CONNECTION_TIMEOUT, Duration.ofSeconds(5));
            try {
                cluster = new RestClusterClient<>(conf, StandaloneClusterId.getInstance());
            } catch (Exception e) {
                throw new FlinkRestException("Cannot create a Flink REST client for " + baseUrl + ": " + describe(e), -1, e);
            }
        }
        return cluster;
    }

    private static JobID jobId(String jobId) throws FlinkRestException {
        try {
            return JobID.fromHexString(jobId);
        } catch (IllegalArgumentException e) {
            throw new FlinkRestException("Not a Flink job id (32 hex digits): '" + oneLine(jobId) + "'", -1, e);
        }
    }

    /** The future's value, or a one-line FlinkRestException naming the call, HTTP status included. */
    private <T> T await(CompletableFuture<T> future, String what, Duration timeout) throws FlinkRestException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new FlinkRestException("Flink REST at " + baseUrl + " did not answer " + what + " within " + timeout.toSeconds() + " s", -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException("Interrupted during " + what + " at " + baseUrl, -1, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            Optional<RestClientException> rest = ExceptionUtils.findThrowable(cause, RestClientException.class);
            if (rest.isPresent()) {
                String detail = serverSideCause(rest.get().getMessage());
                // Flink answers an unknown job with HTTP 500 on some routes: it is a 404 to the caller.
                int status = detail.startsWith("FlinkJobNotFoundException") ? 404 : rest.get().getHttpResponseStatus().code();
                throw new FlinkRestException("Flink REST at " + baseUrl + ": " + what + " failed (HTTP " + status + "): "
                        + detail, status, cause);
            }
            if (ExceptionUtils.findThrowable(cause, java.io.IOException.class).isPresent()) {
                throw new FlinkRestException("Flink REST at " + baseUrl + " unreachable: " + describe(cause), -1, cause);
            }
            throw new FlinkRestException("Flink REST at " + baseUrl + ": " + what + " failed: " + describe(cause), -1, cause);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(requestTimeout);
    }

    private JsonNode send(HttpRequest request, String what) throws FlinkRestException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new FlinkRestException("Flink REST at " + baseUrl + " unreachable: " + describe(e), -1, e);
        } catch (HttpTimeoutException e) {
            throw new FlinkRestException("Flink REST at " + baseUrl + " did not answer " + what + " within " + requestTimeout.toSeconds() + " s", -1, e);
        } catch (IOException e) {
            throw new FlinkRestException("Flink REST at " + baseUrl + " unreachable: " + describe(e), -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException("Interrupted during " + what + " at " + baseUrl, -1, e);
        }
        JsonNode body;
        try {
            body = response.body() == null || response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300 && body != null) {
            return body;
        }
        String detail = body == null ? oneLine(response.body()) : errorDetail(body);
        if (status == 404 && request.uri().getPath().startsWith("/jars")) {
            detail = detail + " (is flink-runtime-web on the JobManager's classpath?)";
        }
        throw new FlinkRestException("Flink REST at " + baseUrl + ": " + what + " failed (HTTP " + status + "): " + detail, status, null);
    }

    /** Flink answers {"errors": [summary, "...server-side stack trace..."]}: keep the most telling line. */
    static String errorDetail(JsonNode body) {
        JsonNode errors = body.path("errors");
        if (!errors.isArray() || errors.size() == 0) {
            return oneLine(body.toString());
        }
        String summary = oneLine(errors.get(0).asText());
        String cause = null;
        for (JsonNode e : errors) {
            for (String line : e.asText().split("\n")) {
                String l = line.trim();
                if (l.startsWith("Caused by: ")) {
                    cause = l.substring("Caused by: ".length()); // the deepest cause is the last one
                }
            }
        }
        if (cause == null && errors.size() > 1) {
            cause = oneLine(errors.get(1).asText());
        }
        return cause == null || cause.equals(summary) ? summary : summary + " " + cause;
    }

    /**
     * The server-side exception in a RestClientException's text ("[Internal server error., <Exception
     * on server side: ...FooException: why ...>]") as "FooException: why"; else its first line.
     */
    static String serverSideCause(String text) {
        if (text != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(?m)^(?:[\\w$]+\\.)+([\\w$]*Exception): (.*)$").matcher(text);
            while (m.find()) {
                if (!m.group(1).equals("RestClientException") && !m.group(1).equals("RestHandlerException")) {
                    return oneLine(m.group(1) + ": " + m.group(2));
                }
            }
        }
        return oneLine(text);
    }

    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String first = text.strip().lines().findFirst().orElse("");
        return first.length() > 500 ? first.substring(0, 500) + "..." : first;
    }

    private static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + " " + t.getMessage();
    }

    private static void pause(long ms) throws FlinkRestException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FlinkRestException("Interrupted while waiting for Flink", -1, e);
        }
    }
}
