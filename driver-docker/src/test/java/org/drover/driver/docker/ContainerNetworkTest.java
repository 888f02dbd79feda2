package org.drover.driver.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskConfigException;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Dns;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.Resources;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The network part of the container create, as JSON: ports by label, port_map, the joined namespace, DNS. */
class ContainerNetworkTest {

    static final String IMAGE = "drover-test/busybox:latest";
    static final AllocatedPort HTTP = new AllocatedPort("http", 25000, 8080, "127.0.0.1", false);
    static final AllocatedPort DB = new AllocatedPort("db", 25001, 0, "10.0.0.5", false);
    static final NetworkIsolation NAMESPACE = new NetworkIsolation("/proc/4242/ns/net", "", "", "");

    static TaskConfig task(List<AllocatedPort> ports, NetworkIsolation network, Dns dns) {
        Path alloc = Path.of("/srv/drover/alloc/a1");
        return new TaskConfig("a1/web/0123abcd", "a1", "job", "g", "web", Map.of(), Map.of(),
                new Resources(100, 64), "", alloc, alloc.resolve("web"), alloc.resolve("alloc/logs"),
                LogConfig.DEFAULT, ports, List.of(), network, dns);
    }

    static JsonNode spec(TaskConfig task, Map<String, Object> config, ContainerNetwork network) {
        Map<String, Object> withImage = new java.util.HashMap<>(config);
        withImage.put("image", IMAGE);
        return ContainerSpec.of(task, DockerConfig.from(withImage), DockerSettings.defaults(), "node-1", network);
    }

    static TaskConfigException refused(TaskConfig task, Map<String, Object> config, ContainerNetwork network) {
        return assertThrows(TaskConfigException.class, () -> spec(task, config, network));
    }

    @Test
    void labelledPortsArePublishedAtTheirHostAddressToTheirToOrTheSamePortForTcpAndUdp() {
        JsonNode spec = spec(task(List.of(HTTP, DB), null, null), Map.of("ports", List.of("http", "db")),
                ContainerNetwork.HOST);
        String binding8080 = "[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"25000\"}]";
        String binding25001 = "[{\"HostIp\":\"10.0.0.5\",\"HostPort\":\"25001\"}]";
        JsonNode bindings = spec.path("HostConfig").path("PortBindings");
        assertEquals(binding8080, bindings.path("8080/tcp").toString());
        assertEquals(binding8080, bindings.path("8080/udp").toString());
        assertEquals(binding25001, bindings.path("25001/tcp").toString());
        assertEquals(binding25001, bindings.path("25001/udp").toString());
        assertEquals(4, bindings.size());
        assertEquals(List.of("8080/tcp", "8080/udp", "25001/tcp", "25001/udp"), fieldNames(spec.path("ExposedPorts")));
        assertFalse(spec.path("HostConfig").has("NetworkMode"), "the Engine's default network");
    }

    @Test
    void aLabelTheTaskDoesNotHaveIsNomadsErrorNamingTheLabelsItHas() {
        TaskConfigException e = refused(task(List.of(HTTP, DB), null, null), Map.of("ports", List.of("http", "web")),
                ContainerNetwork.HOST);
        assertEquals("ports", e.field());
        assertEquals("Port \"web\" not found, check network block (the task's ports are \"http\", \"db\")",
                problem(e));

        TaskConfigException none = refused(task(List.of(), null, null), Map.of("ports", List.of("http")),
                ContainerNetwork.HOST);
        assertEquals("Port \"http\" not found, check network block (the task has no ports)", problem(none));
    }

    @Test
    void aPortNumberIsNotALabelAndTheErrorSaysHowToDeclareIt() {
        TaskConfigException e = refused(task(List.of(HTTP), null, null), Map.of("ports", List.of("8080:80")),
                ContainerNetwork.HOST);
        assertEquals("ports", e.field());
        assertEquals("Port \"8080:80\" not found, check network block (the task's ports are \"http\"); ports takes"
                + " the labels of network ports, not port numbers: declare the port in the group's network block"
                + " (port \"<label>\" { static = <host port>, to = <container port> })", problem(e));
    }

    @Test
    void portMapMapsTheTasksLegacyPortsAndIsRefusedForGroupPortsOrNone() {
        AllocatedPort admin = new AllocatedPort("admin", 26000, 0, "127.0.0.1", false);
        AllocatedPort metrics = new AllocatedPort("metrics", 26001, 0, "127.0.0.1", false);
        JsonNode spec = spec(task(List.of(admin, metrics), null, null),
                Map.of("port_map", List.of(Map.of("admin", 80))),
                new ContainerNetwork(null, List.of(admin, metrics)));
        JsonNode bindings = spec.path("HostConfig").path("PortBindings");
        assertEquals("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"26000\"}]", bindings.path("80/udp").toString());
        assertEquals("[{\"HostIp\":\"127.0.0.1\",\"HostPort\":\"26001\"}]", bindings.path("26001/tcp").toString());
        assertEquals(List.of("80/tcp", "80/udp", "26001/tcp", "26001/udp"), fieldNames(spec.path("ExposedPorts")));

        TaskConfigException group = refused(task(List.of(HTTP), null, null), Map.of("port_map", Map.of("http", 80)),
                ContainerNetwork.HOST);
        assertEquals("port_map", group.field());
        assertEquals("'port_map' cannot map group network ports, use 'ports' instead", problem(group));
        TaskConfigException none = refused(task(List.of(), null, null), Map.of("port_map", Map.of("http", 80)),
                ContainerNetwork.HOST);
        assertEquals("port_map", none.field());
        assertEquals("Trying to map ports but no network interface is available", problem(none));
    }

    @Test
    void theSchemaTakesPortMapWrittenOnceOrRepeatedAndRefusesWhatIsNotAPort() {
        assertTrue(DockerConfig.SCHEMA.fields().containsKey("port_map"));
        assertEquals(Map.of("http", 80, "db", 5432), DockerConfig.from(Map.of("image", IMAGE, "port_map",
                List.of(Map.of("http", 80), Map.of("db", 5432L)))).portMap());
        TaskConfigException e = assertThrows(TaskConfigException.class,
                () -> DockerConfig.from(Map.of("image", IMAGE, "port_map", Map.of("http", "eighty"))));
        assertEquals("port_map", e.field());
        assertEquals("http = eighty is not a port (1 to 65535)", problem(e));
    }

    @Test
    void inTheAllocationsNamespaceTheContainerJoinsThePauseContainerAndPublishesNothing() {
        TaskConfig joined = task(List.of(HTTP), NAMESPACE, null);
        JsonNode spec = spec(joined, Map.of("ports", List.of("http")), new ContainerNetwork("c0ffee", List.of()));
        assertEquals("container:c0ffee", spec.path("HostConfig").path("NetworkMode").asText());
        assertFalse(spec.path("HostConfig").has("PortBindings"), "the namespace's port mapping reaches it");
        assertFalse(spec.has("ExposedPorts"));

        assertEquals("Port \"web\" not found, check network block (the task's ports are \"http\")",
                problem(refused(joined, Map.of("ports", List.of("web")), new ContainerNetwork("c0ffee", List.of()))),
                "labels are checked in every mode");
        TaskConfigException hostname = refused(joined, Map.of("hostname", "web-1"),
                new ContainerNetwork("c0ffee", List.of()));
        assertEquals("hostname", hostname.field());
        assertEquals("cannot be set in network mode container:c0ffee; the group network's hostname names the"
                + " allocation's namespace", problem(hostname));

        JsonNode own = spec(joined, Map.of("network_mode", "none"), new ContainerNetwork("c0ffee", List.of()));
        assertEquals("none", own.path("HostConfig").path("NetworkMode").asText(), "the task's own mode wins");
    }

    @Test
    void theHostsNetworkStaysRefusedUnlessTheOperatorAllowsIt() {
        TaskConfigException e = refused(task(List.of(), null, null), Map.of("network_mode", "host"),
                ContainerNetwork.HOST);
        assertEquals("network_mode", e.field());
        assertEquals(DockerSettings.refusal("the host's network", "allow_host_network"), problem(e));
    }

    @Test
    void dnsGoesToTheEngineOutsideAJoinedNamespaceAndIntoAMountedResolvConfInside() {
        Dns dns = new Dns(List.of("10.0.0.2", "10.0.0.3"), List.of("svc.example", "example"), List.of("ndots:2"));
        JsonNode own = spec(task(List.of(), null, dns), Map.of(), ContainerNetwork.HOST).path("HostConfig");
        assertEquals("[\"10.0.0.2\",\"10.0.0.3\"]", own.path("Dns").toString());
        assertEquals("[\"svc.example\",\"example\"]", own.path("DnsSearch").toString());
        assertEquals("[\"ndots:2\"]", own.path("DnsOptions").toString());

        TaskConfig joinedTask = task(List.of(), NAMESPACE, dns);
        JsonNode joined = spec(joinedTask, Map.of(), new ContainerNetwork("c0ffee", List.of())).path("HostConfig");
        assertFalse(joined.has("Dns"), "the Engine refuses servers in a joined namespace");
        assertFalse(joined.has("DnsSearch"));
        assertFalse(joined.has("DnsOptions"));
        String bind = "/srv/drover/alloc/a1/web/.drover-run/0123abcd/resolv.conf:/etc/resolv.conf:ro";
        assertTrue(joined.path("Binds").toString().contains("\"" + bind + "\""), joined.path("Binds").toString());
        assertEquals("search svc.example example\nnameserver 10.0.0.2\nnameserver 10.0.0.3\noptions ndots:2\n",
                ContainerNetwork.resolvConfText(dns));

        JsonNode none = spec(task(List.of(), null, null), Map.of(), ContainerNetwork.HOST).path("HostConfig");
        assertFalse(none.has("Dns"), "no dns block, the Engine's own");
    }

    @Test
    void theTasksOwnDnsKeysApplyWhenTheGroupNetworkHasNoDns() {
        Map<String, Object> config = Map.of("dns_servers", List.of("10.1.0.1"), "dns_search_domains",
                List.of("local.example"), "dns_options", List.of("rotate"));
        JsonNode own = spec(task(List.of(), null, null), config, ContainerNetwork.HOST).path("HostConfig");
        assertEquals("[\"10.1.0.1\"]", own.path("Dns").toString());
        assertEquals("[\"local.example\"]", own.path("DnsSearch").toString());
        assertEquals("[\"rotate\"]", own.path("DnsOptions").toString());

        Dns group = new Dns(List.of("10.0.0.2"), List.of(), List.of());
        JsonNode overridden = spec(task(List.of(), null, group), config, ContainerNetwork.HOST).path("HostConfig");
        assertEquals("[\"10.0.0.2\"]", overridden.path("Dns").toString(), "the group's dns wins whole");
        assertFalse(overridden.has("DnsSearch"));
        assertFalse(overridden.has("DnsOptions"));
        assertTrue(DockerConfig.SCHEMA.fields().keySet().containsAll(List.of("dns_servers", "dns_search_domains",
                "dns_options")));
    }

    /** The message after the {@code field: } that names the key. */
    static String problem(TaskConfigException e) {
        return e.getMessage().substring(e.field().length() + 2);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
