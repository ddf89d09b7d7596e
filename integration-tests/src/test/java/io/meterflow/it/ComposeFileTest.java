package io.meterflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.meterflow.job.MeterflowJob;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Docker cannot run here, so docker-compose.yml is checked statically: every mounted host path
 * exists (or is a build output of this repository), every service the job needs is defined, and
 * the meterflow config, the Flink config and the services agree on host names and ports.
 */
class ComposeFileTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String CONFIG_IN_CONTAINER = "/etc/meterflow/meterflow.yaml";

    static Path repo;
    static JsonNode compose;
    static JsonNode services;
    static JsonNode flinkConf;

    @BeforeAll
    static void load() throws IOException {
        repo = repoRoot();
        compose = YAML.readTree(repo.resolve("docker-compose.yml").toFile());
        services = compose.path("services");
        flinkConf = YAML.readTree(repo.resolve("flink-conf/config.yaml").toFile());
    }

    @Test
    void definesEveryServiceTheJobNeeds() {
        assertThat(fieldNames(services)).contains("kafka", "postgres", "jobmanager", "taskmanager", "submit");
        assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:4.1.1");
        assertThat(services.path("postgres").path("image").asText()).startsWith("postgres:17");
        assertThat(services.path("jobmanager").path("image").asText()).isEqualTo("flink:2.2.0-java17");
        assertThat(services.path("taskmanager").path("image").asText()).isEqualTo("flink:2.2.0-java17");
    }

    @Test
    void everyMountedHostPathExistsOrIsTheShadedJobJar() throws Exception {
        Path jobJar = shadedJobJar();
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : entries(services)) {
            for (JsonNode volume : service.getValue().path("volumes")) {
                String source = volume.isTextual() ? volume.asText().split(":")[0] : volume.path("source").asText();
                if (!source.startsWith(".") && !source.startsWith("/")) {
                    assertThat(compose.path("volumes").has(source))
                            .as("named volume %s of service %s is declared", source, service.getKey()).isTrue();
                    continue;
                }
                Path host = repo.resolve(source).normalize();
                checked.add(source);
                if (host.equals(jobJar)) {
                    continue; // a build output: produced by the job module's shade plugin (checked in shadedJobJar)
                }
                if (host.equals(repo.resolve(API_JAR).normalize())) {
                    continue; // a build output: the http-api module's shade plugin (checked below)
                }
                assertThat(host).as("host path %s mounted by service %s", source, service.getKey()).exists();
            }
        }
        assertThat(checked).contains("./flink-conf", "./examples/meterflow-compose.yaml",
                "./" + repo.relativize(jobJar).toString().replace('\\', '/'));
    }

    static final String API_JAR = "http-api/target/meterflow-http-api-0.1.0-server.jar";

    @Test
    void apiServesTheMountedConfigFromTheShadedApiJar() throws Exception {
        JsonNode api = services.path("api");
        List<String> commandLine = new ArrayList<>();
        api.path("entrypoint").forEach(n -> commandLine.add(n.asText()));
        api.path("command").forEach(n -> commandLine.add(n.asText()));
        assertThat(String.join(" ", commandLine)).isEqualTo("java -jar /opt/meterflow/meterflow-api.jar serve --config "
                + CONFIG_IN_CONTAINER + " --listen 0.0.0.0:8888");
        assertThat(mountTarget(api, "./" + API_JAR)).isEqualTo("/opt/meterflow/meterflow-api.jar");
        assertThat(mountTarget(api, "./examples/meterflow-compose.yaml")).isEqualTo(CONFIG_IN_CONTAINER);
        assertThat(fieldNames(api.path("depends_on"))).contains("kafka", "postgres");
        String pom = java.nio.file.Files.readString(repo.resolve("http-api/pom.xml"));
        assertThat(pom).contains("<shadedClassifierName>server</shadedClassifierName>")
                .contains("<mainClass>io.meterflow.api.ApiMain</mainClass>");
    }

    @Test
    void submitRunsTheJobJarWithTheMountedConfigAgainstTheJobManager() {
        JsonNode submit = services.path("submit");
        List<String> commandLine = new ArrayList<>();
        submit.path("entrypoint").forEach(n -> commandLine.add(n.asText()));
        submit.path("command").forEach(n -> commandLine.add(n.asText()));
        assertThat(String.join(" ", commandLine))
                .isEqualTo("/opt/flink/bin/flink run --detached --jobmanager jobmanager:8081 /opt/meterflow/meterflow-job.jar"
                        + " --config " + CONFIG_IN_CONTAINER);
        assertThat(mountTarget(submit, "./job/target/meterflow-job-0.1.0-flink-job.jar"))
                .isEqualTo("/opt/meterflow/meterflow-job.jar");
        assertThat(mountTarget(submit, "./examples/meterflow-compose.yaml")).isEqualTo(CONFIG_IN_CONTAINER);
        assertThat(fieldNames(submit.path("depends_on"))).contains("kafka", "postgres", "jobmanager", "taskmanager");
    }

    @Test
    void meterflowConfigPointsAtTheServicesPorts() throws IOException {
        JsonNode config = YAML.readTree(repo.resolve("examples/meterflow-compose.yaml").toFile());

        String bootstrap = config.path("kafka").path("bootstrapServers").asText();
        assertThat(bootstrap).isEqualTo("kafka:9092");
        Map<String, String> kafkaEnv = environment(services.path("kafka"));
        assertThat(kafkaEnv.get("KAFKA_ADVERTISED_LISTENERS")).contains("PLAINTEXT://" + bootstrap);
        assertThat(kafkaEnv.get("KAFKA_LISTENERS")).contains(":9092");
        assertThat(kafkaEnv.get("KAFKA_INTER_BROKER_LISTENER_NAME")).isEqualTo("PLAINTEXT");
        assertThat(serviceHostName(services, "kafka")).isEqualTo("kafka");

        URI jdbc = URI.create(config.path("postgres").path("url").asText().substring("jdbc:".length()));
        assertThat(jdbc.getHost()).isEqualTo("postgres");
        assertThat(jdbc.getPort()).isEqualTo(5432); // the postgres image's port
        Map<String, String> pgEnv = environment(services.path("postgres"));
        assertThat(jdbc.getPath()).isEqualTo("/" + pgEnv.get("POSTGRES_DB"));
        // The job logs in as the writer role the init script creates, not as the image's superuser.
        String user = config.path("postgres").path("user").asText();
        assertThat(user).isEqualTo("meterflow_writer").isNotEqualTo(pgEnv.get("POSTGRES_USER"));
        // The password is not in the config (it would travel with the job): it comes from the
        // environment of every service that opens a connection, the submit client and the TaskManagers.
        assertThat(config.path("postgres").has("password")).isFalse();
        String passwordEnv = config.path("postgres").path("passwordEnv").asText();
        assertThat(passwordEnv).isNotEmpty();
        String password = environment(services.path("taskmanager")).get(passwordEnv);
        assertThat(password).isNotNull().isNotEqualTo(pgEnv.get("POSTGRES_PASSWORD"));
        assertThat(environment(services.path("submit")).get(passwordEnv)).isEqualTo(password);
        String roles = initScript();
        assertThat(roles).containsPattern("CREATE ROLE " + user + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE[^;]*PASSWORD '"
                + password + "'");
        assertThat(roles).contains("CREATE ROLE meterflow_reader NOLOGIN")
                .containsPattern("CREATE ROLE meterflow_query LOGIN NOSUPERUSER[^;]*IN ROLE meterflow_reader")
                .contains("CREATE SCHEMA IF NOT EXISTS meterflow AUTHORIZATION " + user);
        String statements = roles.replaceAll("(?m)--.*$", "");
        assertThat(statements).as("no role gets superuser rights")
                .doesNotContainPattern("(?i)(?<!NO)SUPERUSER").doesNotContainPattern("(?i)\\bGRANT\\s+postgres\\b");
        assertThat(published(services.path("postgres"))).contains("127.0.0.1:5432:5432");

        assertThat(config.path("meters").isArray()).isTrue();
        assertThat(config.path("meters").size()).isPositive();
    }

    @Test
    void flinkServicesShareTheConfigAndTheStateVolume() {
        assertThat(flinkConf.at("/rest/port").asInt()).isEqualTo(8081);
        assertThat(published(services.path("jobmanager"))).contains("127.0.0.1:8081:8081");
        // TaskManagers find the JobManager by its service name.
        assertThat(flinkConf.at("/jobmanager/rpc/address").asText()).isEqualTo("jobmanager");
        assertThat(environment(services.path("taskmanager")).get("JOB_MANAGER_RPC_ADDRESS")).isEqualTo("jobmanager");
        assertThat(serviceHostName(services, "jobmanager")).isEqualTo("jobmanager");
        assertThat(flinkConf.at("/taskmanager/host").isMissingNode()).as("taskmanager.host must stay unset").isTrue();

        for (String flink : List.of("jobmanager", "taskmanager")) {
            JsonNode service = services.path(flink);
            assertThat(mountTarget(service, "./flink-conf")).as("%s mounts ./flink-conf", flink).isNotNull();
            assertThat(service.path("command").get(0).asText()).isEqualTo(flink);
            // file:// checkpoints only work when JM and every TM see the same directory.
            for (String key : List.of("/execution/checkpointing/dir", "/execution/checkpointing/savepoint-dir")) {
                String dir = URI.create(flinkConf.at(key).asText()).getPath();
                assertThat(mountTarget(service, "flink-state")).as("%s mounts the state volume", flink).isNotNull();
                assertThat(dir).startsWith(mountTarget(service, "flink-state") + "/");
            }
        }
    }

    @Test
    void everyPublishedPortIsBoundToLoopbackOnly() {
        List<String> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> service : entries(services)) {
            for (JsonNode port : service.getValue().path("ports")) {
                // Long syntax (host_ip:) or short syntax (127.0.0.1:HOST:CONTAINER); a bare port binds every interface.
                String spec = port.isTextual() ? port.asText() : port.path("host_ip").asText() + ":" + port.path("published").asText()
                        + ":" + port.path("target").asText();
                assertThat(spec).as("port %s of service %s", spec, service.getKey()).matches("127\\.0\\.0\\.1:\\d+:\\d+");
                all.add(spec);
            }
        }
        assertThat(all).containsExactlyInAnyOrder("127.0.0.1:29092:29092", "127.0.0.1:5432:5432", "127.0.0.1:8081:8081",
                "127.0.0.1:8888:8888");
    }

    @Test
    void postgresRunsTheRolesInitScriptOnANewVolume() {
        JsonNode postgres = services.path("postgres");
        assertThat(mountTarget(postgres, "./examples/postgres-init")).isEqualTo("/docker-entrypoint-initdb.d");
        assertThat(repo.resolve("examples/postgres-init/10-meterflow-roles.sql")).isRegularFile();
        // The healthcheck logs in as a role that exists (the image's superuser).
        assertThat(postgres.path("healthcheck").path("test").get(1).asText())
                .contains("-U " + environment(postgres).get("POSTGRES_USER"));
    }

    /** As Flink reads the file: the cluster's defaults are the settings the job gives itself. */
    @Test
    void productionFlinkConfigHasTheJobsStateBackendSettings() {
        Configuration cluster = GlobalConfiguration.loadConfiguration(repo.resolve("flink-conf").toString());
        Configuration job = MeterflowJob.JobSettings.stateBackend();
        assertThat(cluster.get(StateBackendOptions.STATE_BACKEND)).isEqualTo(job.get(StateBackendOptions.STATE_BACKEND));
        for (var option : List.of(RocksDBConfigurableOptions.USE_BLOOM_FILTER, RocksDBOptions.USE_PARTITIONED_INDEX_FILTERS)) {
            assertThat(cluster.get(option)).as(option.key()).isTrue().isEqualTo(job.get(option));
        }
        assertThat(cluster.get(RocksDBOptions.HIGH_PRIORITY_POOL_RATIO)).isEqualTo(job.get(RocksDBOptions.HIGH_PRIORITY_POOL_RATIO));
        assertThat(cluster.get(RocksDBConfigurableOptions.BLOCK_SIZE)).isEqualTo(job.get(RocksDBConfigurableOptions.BLOCK_SIZE));
        assertThat(cluster.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL))
                .isEqualTo(job.get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
    }

    @Test
    void productionFlinkConfigHasTheExactlyOnceSettings() {
        assertThat(flinkConf.at("/state/backend/type").asText()).isEqualTo("rocksdb");
        assertThat(flinkConf.at("/execution/checkpointing/mode").asText()).isEqualTo("EXACTLY_ONCE");
        assertThat(flinkConf.at("/execution/checkpointing/incremental").asBoolean()).isTrue();
        assertThat(flinkConf.at("/execution/checkpointing/externalized-checkpoint-retention").asText())
                .isEqualTo("RETAIN_ON_CANCELLATION");
        assertThat(flinkConf.at("/restart-strategy/type").asText()).isEqualTo("exponential-delay");
        // Replacing the image's config.yaml must keep its Java 17 module flags (REST /jars/run needs them).
        assertThat(flinkConf.at("/env/java/opts/all").asText()).contains("--add-opens=java.base/java.util=ALL-UNNAMED");
    }

    /** Flink's own scripts read the image's config.yaml, not build-support/: it must carry the whole list. */
    @Test
    void productionFlinkConfigHasEveryModuleFlagOfTheOneList() throws IOException {
        List<String> flags = Files.readAllLines(repo.resolve("build-support/jvm-add-opens.txt")).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertThat(flags).isNotEmpty();
        assertThat(flinkConf.at("/env/java/opts/all").asText().split("\\s+")).contains(flags.toArray(String[]::new));
    }

    @Test
    void productionFlinkConfigEnablesThePrometheusReporterAsFlinkReadsIt() throws Exception {
        // Flink's own loader: the nested YAML must flatten to the reporter keys Flink looks up.
        Map<String, String> conf = org.apache.flink.configuration.GlobalConfiguration
                .loadConfiguration(repo.resolve("flink-conf").toString()).toMap();
        String factory = conf.get("metrics.reporter.prom.factory.class");
        assertThat(factory).isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        assertThat(Class.forName(factory)).as("the reporter factory exists in flink-metrics-prometheus").isNotNull();
        assertThat(conf.get("metrics.reporter.prom.port")).isEqualTo("9249");
    }

    // ----------------------------------------------------------------------------------------

    static String initScript() throws IOException {
        return Files.readString(repo.resolve("examples/postgres-init/10-meterflow-roles.sql"));
    }

    /** job/target/{artifactId}-{version}-{classifier}.jar as configured in job/pom.xml's shade plugin. */
    static Path shadedJobJar() throws Exception {
        Document jobPom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(repo.resolve("job/pom.xml").toFile());
        Document parentPom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(repo.resolve("pom.xml").toFile());
        String artifactId = childText(jobPom.getDocumentElement(), "artifactId");
        String version = childText(parentPom.getDocumentElement(), "version");
        NodeList classifiers = jobPom.getElementsByTagName("shadedClassifierName");
        assertThat(artifactId).isEqualTo("meterflow-job");
        assertThat(classifiers.getLength()).as("job/pom.xml attaches a shaded JAR").isEqualTo(1);
        assertThat(jobPom.getElementsByTagName("shadedArtifactAttached").item(0).getTextContent().trim()).isEqualTo("true");
        String classifier = classifiers.item(0).getTextContent().trim();
        assertThat(classifier).isEqualTo("flink-job");
        return repo.resolve("job/target/" + artifactId + "-" + version + "-" + classifier + ".jar");
    }

    private static String childText(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e.getTextContent().trim();
            }
        }
        return null;
    }

    /** The container path where a service mounts {@code source} (a host path or a named volume), or null. */
    static String mountTarget(JsonNode service, String source) {
        for (JsonNode v : service.path("volumes")) {
            if (v.isTextual()) {
                String[] parts = v.asText().split(":");
                if (parts[0].equals(source)) {
                    return parts[1];
                }
            } else if (v.path("source").asText().equals(source)) {
                return v.path("target").asText();
            }
        }
        return null;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isArray()) {
            e.forEach(kv -> {
                String[] parts = kv.asText().split("=", 2);
                env.put(parts[0], parts.length > 1 ? parts[1] : "");
            });
        } else {
            entries(e).forEach(kv -> env.put(kv.getKey(), kv.getValue().asText()));
        }
        return env;
    }

    static List<String> published(JsonNode service) {
        List<String> ports = new ArrayList<>();
        service.path("ports").forEach(p -> ports.add(p.asText()));
        return ports;
    }

    /** Containers reach a service by its name (and its hostname if set, which must then agree). */
    static String serviceHostName(JsonNode services, String name) {
        return services.path(name).path("hostname").asText(name);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> names.add(n.asText())); // short depends_on form
        } else {
            node.fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    static List<Map.Entry<String, JsonNode>> entries(JsonNode node) {
        List<Map.Entry<String, JsonNode>> list = new ArrayList<>();
        node.fields().forEachRemaining(list::add);
        return list;
    }

    static Path repoRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docker-compose.yml")) && Files.exists(p.resolve("job/pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("repository root (with docker-compose.yml) not found above " + Path.of("").toAbsolutePath());
    }
}
