package org.drover.state.mapdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.DesiredStatus;
import org.drover.runner.api.model.Dns;
import org.drover.runner.api.model.Job;
import org.drover.runner.api.model.JobType;
import org.drover.runner.api.model.LogConfig;
import org.drover.runner.api.model.NetworkResource;
import org.drover.runner.api.model.Port;
import org.drover.runner.api.model.Resources;
import org.drover.runner.api.model.RestartPolicy;
import org.drover.runner.api.model.Stanzas;
import org.drover.runner.api.model.Task;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.state.LocalTaskState;
import org.junit.jupiter.api.Test;

/**
 * Format 4 keeps the network stanzas, an allocation's placed ports and a task config's ports,
 * namespace and dns; format 3 records (resources/format3, written by the Drover before format 4)
 * read as without any.
 */
class NetworkRecordsTest {

    static final String ID = RecordFormatsTest.ID;

    static Job job() {
        Task task = new Task("web", "raw_exec", Map.of("command", "/bin/sleep"), Map.of(), Map.of(),
                new Resources(100, 64), LogConfig.DEFAULT, Duration.ofSeconds(5), "SIGINT", Duration.ZERO, false, "",
                List.of(), Stanzas.NONE, List.of(NetworkResource.host(List.of(Port.dynamic("admin")))));
        NetworkResource group = new NetworkResource("bridge", "web-1", new Dns(List.of("10.0.0.2"), List.of("svc"),
                List.of("ndots:2")), List.of(new Port("http", 0, 8080, "", false), new Port("dns", 53, -1, "public",
                true)));
        TaskGroup g = new TaskGroup("g", 1, RestartPolicy.defaultFor(JobType.SERVICE), Map.of(), List.of(task),
                List.of(), Stanzas.NONE, List.of(group));
        return new Job("web", "web", JobType.SERVICE, "global", "dc1", "default", Map.of(), List.of(g),
                "9f86d081884c7d65", 4, List.of("dc1"), "default", List.of(), Stanzas.NONE);
    }

    static AllocatedNetwork placed() {
        return new AllocatedNetwork("bridge", List.of(new AllocatedPort("http", 24817, 8080, "10.1.2.3", false),
                new AllocatedPort("dns", 53, 53, "10.1.2.3", true)),
                Map.of("web", List.of(new AllocatedPort("admin", 20007, 0, "10.1.2.3", false))));
    }

    @Test
    void anAllocationKeepsItsPortsAndItsJobsNetworks() {
        Allocation alloc = new Allocation(ID, job(), "g", 0, DesiredStatus.RUN, placed());
        Allocation read = RecordCodec.decode("a", RecordCodec.encode(alloc, RecordCodec::allocation),
                RecordCodec::allocation);
        assertEquals(alloc, read);
        assertEquals(24817, read.network().forTask("web").get(0).value());
        assertEquals("web-1", read.taskGroup().network().orElseThrow().hostname());
        assertEquals(List.of(Port.dynamic("admin")), read.taskGroup().tasks().get(0).networks().get(0).ports());
    }

    @Test
    void aGroupNetworkWithoutDnsStaysWithoutOne() {
        TaskGroup g = job().groups().get(0);
        TaskGroup plain = new TaskGroup("g", 1, g.restart(), Map.of(), g.tasks(), List.of(), Stanzas.NONE,
                List.of(NetworkResource.host(List.of(Port.fixed("http", 8080)))));
        Job j = job();
        Job job = new Job(j.id(), j.name(), j.type(), j.region(), j.datacenter(), j.namespace(), j.meta(),
                List.of(plain), j.spec(), j.version(), j.datacenters(), j.nodePool(), j.constraints(), j.stanzas());
        Job read = RecordCodec.decode("j", RecordCodec.encode(job, RecordCodec::job), RecordCodec::job);
        assertEquals(job, read);
        assertNull(read.groups().get(0).network().orElseThrow().dns());
    }

    @Test
    void aHandleKeepsItsPortsNamespaceAndDns() {
        TaskConfig c = new TaskConfig(ID + "/web/0000abcd", ID, "web", "g", "web", Map.of("command", "/bin/sleep"),
                Map.of("NOMAD_PORT_http", "8080"), new Resources(100, 64), "", Path.of("/data/alloc/" + ID),
                Path.of("/data/alloc/" + ID + "/web"), Path.of("/data/alloc/" + ID + "/alloc/logs"),
                LogConfig.DEFAULT, placed().ports(), placed().tasks().getOrDefault("web", List.of()),
                new NetworkIsolation("/var/run/netns/" + ID, "eth0", "172.26.64.5", "web-1"),
                new Dns(List.of("1.1.1.1"), List.of(), List.of()));
        LocalTaskState local = LocalTaskState.EMPTY.withHandle(new TaskHandle(1, "raw_exec", c, new byte[] {1}));
        LocalTaskState read = RecordCodec.decode("l", RecordCodec.encode(local, RecordCodec::localState),
                RecordCodec::localState);
        assertEquals(local, read);
        assertEquals(24817, read.handle().orElseThrow().config().port("http").orElseThrow().value());

        TaskConfig host = new TaskConfig(c.id(), ID, "web", "g", "web", c.config(), c.env(), c.resources(), "",
                c.allocDir(), c.taskDir(), c.logDir(), c.logs(), c.ports(), c.taskPorts(), null, null);
        LocalTaskState hostLocal = LocalTaskState.EMPTY.withHandle(new TaskHandle(1, "raw_exec", host, new byte[0]));
        assertEquals(hostLocal, RecordCodec.decode("l", RecordCodec.encode(hostLocal, RecordCodec::localState),
                RecordCodec::localState));
    }

    static byte[] formatThree(String name) throws Exception {
        try (InputStream in = NetworkRecordsTest.class.getResourceAsStream("/format3/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void formatThreeRecordsReadWithoutNetworksOrPorts() throws Exception {
        Allocation alloc = RecordCodec.decode("allocation", formatThree("allocation.bin"), RecordCodec::allocation);
        assertEquals(AllocatedNetwork.NONE, alloc.network());
        assertEquals(List.of(), alloc.taskGroup().networks());
        assertEquals(List.of(), alloc.taskGroup().tasks().get(0).networks());
        assertEquals(4, alloc.job().version());

        LocalTaskState local = RecordCodec.decode("local", formatThree("local.bin"), RecordCodec::localState);
        assertEquals(RecordFormatsTest.local(), local);
        TaskConfig c = local.handle().orElseThrow().config();
        assertEquals(List.of(), c.ports());
        assertNull(c.network());
        assertNull(c.dns());
    }
}
