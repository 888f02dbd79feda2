package org.drover.api.http;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.drover.runner.api.driver.Health;
import org.drover.runner.api.node.DriverState;
import org.drover.runner.api.node.NodeService;

/** A node fingerprinted once, every value chosen here: what the node routes answer about. */
final class FakeNode implements NodeService {

    static final String ID = "3f2b8c1d-4e5a-4b6c-9d7e-8f9a0b1c2d3e";

    org.drover.runner.api.node.Node self;
    final SortedMap<String, DriverState> drivers = new TreeMap<>();

    FakeNode() {
        Map<String, String> attributes = new TreeMap<>();
        attributes.put("cpu.arch", "amd64");
        attributes.put("cpu.frequency", "2500");
        attributes.put("cpu.modelname", "Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz");
        attributes.put("cpu.numcores", "4");
        attributes.put("cpu.reservablecores", "4");
        attributes.put("cpu.totalcompute", "10000");
        attributes.put("cpu.usablecompute", "10000");
        attributes.put("driver.mock", "1");
        attributes.put("driver.mock.version", "0.3.1");
        attributes.put("kernel.arch", "x86_64");
        attributes.put("kernel.name", "linux");
        attributes.put("kernel.version", "6.8.0-1012-aws");
        attributes.put("memory.totalbytes", "16470437888");
        attributes.put("nomad.revision", "5c8612bba6eb8e44cc3fc434125cb1b13463c309");
        attributes.put("nomad.version", "2.0.5");
        attributes.put("os.cgroups.version", "2");
        attributes.put("os.name", "ubuntu");
        attributes.put("os.version", "24.04");
        attributes.put("unique.advertise.address", "10.0.1.17:4646");
        attributes.put("unique.hostname", "worker-1");
        attributes.put("unique.network.ip-address", "10.0.1.17");
        attributes.put("unique.storage.bytestotal", "107374182400");
        attributes.put("unique.storage.volume", "/dev/nvme0n1p1");
        self = new org.drover.runner.api.node.Node(ID, "worker-1", "dc1", "global", "", "default", attributes,
                Map.of("rack", "r7"));
        Instant t0 = Instant.ofEpochSecond(Node.T0 / Node.SECOND);
        drivers.put("docker", new DriverState(Health.UNHEALTHY,
                "the Engine does not answer at unix:///var/run/docker.sock", Map.of(), t0));
        drivers.put("mock", new DriverState(Health.HEALTHY, "Healthy", Map.of("driver.mock", "1",
                "driver.mock.version", "0.3.1"), t0));
    }

    @Override
    public org.drover.runner.api.node.Node self() {
        return self;
    }

    @Override
    public SortedMap<String, DriverState> drivers() {
        return drivers;
    }

    @Override
    public Instant readySince() {
        return Instant.ofEpochSecond(Node.T0 / Node.SECOND);
    }

    @Override
    public AutoCloseable watch(Runnable onChange) {
        return () -> { };
    }
}
