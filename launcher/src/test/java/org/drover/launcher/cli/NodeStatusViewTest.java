package org.drover.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** {@code drover node status} rendered from answers the API gave (its golden answers), in UTC. */
class NodeStatusViewTest {

    static JsonNode json(String name) throws Exception {
        try (InputStream in = NodeStatusViewTest.class.getResourceAsStream("/node/" + name)) {
            return ApiClient.JSON.readTree(in);
        }
    }

    static String render(boolean verbose, boolean shortForm, boolean os, java.util.function.Consumer<NodeStatusView> f) {
        StringWriter text = new StringWriter();
        f.accept(new NodeStatusView(new PrintWriter(text), new NodeStatusView.Options(verbose, shortForm, os, false,
                ZoneOffset.UTC)));
        return text.toString();
    }

    @Test
    void theList() throws Exception {
        JsonNode nodes = json("nodes.json");
        assertEquals("""
                ID        Node Pool  DC   Name      Class   Drain  Eligibility  Status
                3f2b8c1d  default    dc1  worker-1  <none>  false  eligible     ready
                """, render(false, false, false, v -> v.list(nodes)));
        assertEquals("""
                ID                                    Node Pool  DC   Name      Class   Address    Version  Drain  \
                Eligibility  Status
                3f2b8c1d-4e5a-4b6c-9d7e-8f9a0b1c2d3e  default    dc1  worker-1  <none>  10.0.1.17  2.0.5    false  \
                eligible     ready
                """, render(true, false, false, v -> v.list(nodes)));
        assertEquals("No nodes registered\n", render(false, false, false,
                v -> v.list(ApiClient.JSON.createArrayNode())));
    }

    @Test
    void theNode() throws Exception {
        JsonNode node = json("node.json");
        JsonNode allocs = json("allocations.json");
        assertEquals("""
                ID              = 3f2b8c1d-4e5a-4b6c-9d7e-8f9a0b1c2d3e
                Name            = worker-1
                Node Pool       = default
                Class           = <none>
                DC              = dc1
                Drain           = false
                Eligibility     = eligible
                Status          = ready
                CSI Controllers = <none>
                CSI Drivers     = <none>
                Host Volumes    = <none>
                Host Networks   = <none>
                CSI Volumes     = <none>
                Driver Status   =  docker (unhealthy),mock

                Node Events
                Time                  Subsystem  Message
                2025-12-02T00:00:00Z  Cluster    Node registered

                Allocated Resources
                Alloc Count
                1

                Allocation Resource Utilization
                CPU            Memory
                375/10000 MHz  412 MiB/15 GiB

                Allocations
                ID        Node ID   Task Group  Version  Desired  Status
                5b7a0c8e  3f2b8c1d  frontend    3        run      running
                c0ffee00  3f2b8c1d  report      0        stop     complete
                """, render(false, false, false,
                v -> v.node(node, allocs)));
    }

    @Test
    void theNodeShortAndVerbose() throws Exception {
        JsonNode node = json("node.json");
        JsonNode none = ApiClient.JSON.createArrayNode();
        String shortForm = render(false, true, false, v -> v.node(node, none));
        assertEquals("""
                ID              = 3f2b8c1d-4e5a-4b6c-9d7e-8f9a0b1c2d3e
                Name            = worker-1
                Node Pool       = default
                Class           = <none>
                DC              = dc1
                Drain           = false
                Eligibility     = eligible
                Status          = ready
                CSI Controllers = <none>
                CSI Drivers     = <none>
                Host Volumes    = <none>
                Host Networks   = <none>
                CSI Volumes     = <none>
                Drivers         = mock

                Allocations
                No allocations placed
                """, shortForm);
        String verbose = render(true, false, false, v -> v.node(node, none));
        assertEquals("""
                CSI Drivers     = <none>

                Drivers
                Driver  Detected  Healthy  Message                                                    Time
                docker  true      false    the Engine does not answer at unix:///var/run/docker.sock  \
                2025-12-02T00:00:00Z
                mock    true      true     Healthy                                                    \
                2025-12-02T00:00:00Z

                Node Events
                Time                  Subsystem  Message          Details
                2025-12-02T00:00:00Z  Cluster    Node registered  <none>
                """, verbose.substring(verbose.indexOf("CSI Drivers"), verbose.indexOf("\nAllocated Resources")));
        String attributes = verbose.substring(verbose.indexOf("\nAttributes\n"));
        assertEquals(true, attributes.startsWith("\nAttributes\ncpu.arch                  = amd64\n"), attributes);
        assertEquals(true, attributes.contains("\nunique.storage.volume     = /dev/nvme0n1p1\n"), attributes);
        assertEquals(true, attributes.endsWith("\nMeta\nrack = r7\n"), attributes);
    }

    @Test
    void bytesAsNomadWritesThem() {
        assertEquals("0 B", NodeStatusView.ibytes(0));
        assertEquals("1.0 KiB", NodeStatusView.ibytes(1024));
        assertEquals("393 MiB", NodeStatusView.ibytes(412_000_000));
        assertEquals("15 GiB", NodeStatusView.ibytes(15707L << 20));
        assertEquals("1.5 GiB", NodeStatusView.ibytes(1536L << 20));
    }
}
