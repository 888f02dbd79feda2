package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code drover node status} as Nomad's {@code nomad node status} prints it, from the API's JSON:
 * the list of nodes, or one node's {@code key = value} block and its sections. What a one-node
 * agent cannot say is left out rather than made up: host statistics (Nomad's Uptime and Host
 * Resource Utilization), evaluations, the allocations' creation times and their reserved CPU,
 * memory and disk, which the allocations the API serves do not carry.
 */
final class NodeStatusView {

    /** Nomad writes a blank cell so; a script splitting on spaces still finds every column. */
    static final String NONE = "<none>";
    /** RFC 3339 as Nomad's CLI prints times: the offset as {@code +hh:mm}, {@code Z} at UTC. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    /** What the flags ask for. */
    record Options(boolean verbose, boolean shortForm, boolean os, boolean quiet, ZoneId zone) {
    }

    private final PrintWriter out;
    private final Options options;

    NodeStatusView(PrintWriter out, Options options) {
        this.out = out;
        this.options = options;
    }

    void list(JsonNode nodes) {
        if (nodes.isEmpty()) {
            out.println("No nodes registered");
            return;
        }
        if (options.quiet()) {
            nodes.forEach(n -> out.println(n.path("ID").asText()));
            return;
        }
        List<String> header = new ArrayList<>(List.of("ID", "Node Pool", "DC", "Name", "Class"));
        if (options.os()) {
            header.add("OS");
        }
        if (options.verbose()) {
            header.addAll(List.of("Address", "Version"));
        }
        header.addAll(List.of("Drain", "Eligibility", "Status"));
        Table t = new Table(header.toArray(String[]::new));
        for (JsonNode n : nodes) {
            List<String> row = new ArrayList<>(List.of(id(n.path("ID").asText()), text(n, "NodePool"),
                    text(n, "Datacenter"), text(n, "Name"), text(n, "NodeClass")));
            if (options.os()) {
                row.add(cell(n.path("Attributes").path("os.name").asText()));
            }
            if (options.verbose()) {
                row.addAll(List.of(text(n, "Address"), text(n, "Version")));
            }
            row.addAll(List.of(Boolean.toString(n.path("Drain").asBoolean()), text(n, "SchedulingEligibility"),
                    text(n, "Status")));
            t.row(row.toArray());
        }
        t.print(out);
    }

    void node(JsonNode n, JsonNode allocs) {
        List<String> basic = new ArrayList<>(List.of("ID", n.path("ID").asText(), "Name", text(n, "Name"),
                "Node Pool", text(n, "NodePool"), "Class", text(n, "NodeClass"), "DC", text(n, "Datacenter"),
                "Drain", n.path("DrainStrategy").isObject() ? "true" : "false",
                "Eligibility", text(n, "SchedulingEligibility"), "Status", text(n, "Status"),
                "CSI Controllers", names(n.path("CSIControllerPlugins")), "CSI Drivers", names(n.path("CSINodePlugins"))));
        if (options.shortForm() || !options.verbose()) {
            basic.addAll(List.of("Host Volumes", names(n.path("HostVolumes")), "Host Networks",
                    names(n.path("HostNetworks")), "CSI Volumes", NONE));
            basic.addAll(options.shortForm() ? List.of("Drivers", cell(String.join(",", enabledDrivers(n))))
                    : List.of("Driver Status", " " + driverStatus(n)));
        }
        Table.pairs(out, basic.toArray(String[]::new));
        if (!options.shortForm()) {
            if (options.verbose()) {
                drivers(n);
            }
            events(n);
            resources(n, allocs);
        }
        allocations(n, allocs);
        if (options.verbose()) {
            section("Attributes");
            pairs(n.path("Attributes"));
            section("Meta");
            pairs(n.path("Meta"));
        }
        out.flush();
    }

    /** Healthy drivers by name, and detected unhealthy ones marked so, sorted. */
    static String driverStatus(JsonNode n) {
        TreeSet<String> drivers = new TreeSet<>();
        n.path("Drivers").fields().forEachRemaining(d -> {
            if (d.getValue().path("Detected").asBoolean()) {
                drivers.add(d.getKey() + (d.getValue().path("Healthy").asBoolean() ? "" : " (unhealthy)"));
            }
        });
        return String.join(",", drivers);
    }

    /** The drivers whose {@code driver.<name>} attribute is {@code 1}. */
    static List<String> enabledDrivers(JsonNode n) {
        List<String> names = new ArrayList<>();
        new TreeMap<String, JsonNode>(fields(n.path("Attributes"))).forEach((k, v) -> {
            String[] parts = k.split("\\.");
            if (parts.length == 2 && parts[0].equals("driver") && v.asText().equals("1")) {
                names.add(parts[1]);
            }
        });
        return names;
    }

    private void drivers(JsonNode n) {
        section("Drivers");
        Table t = new Table("Driver", "Detected", "Healthy", "Message", "Time");
        new TreeMap<>(fields(n.path("Drivers"))).forEach((name, d) -> t.row(name, d.path("Detected").asBoolean(),
                d.path("Healthy").asBoolean(), cell(d.path("HealthDescription").asText()),
                cell(time(d.path("UpdateTime").asText()))));
        t.print(out);
    }

    /** Newest first, as Nomad lists them. */
    private void events(JsonNode n) {
        section("Node Events");
        Table t = options.verbose() ? new Table("Time", "Subsystem", "Message", "Details")
                : new Table("Time", "Subsystem", "Message");
        List<JsonNode> events = new ArrayList<>();
        n.path("Events").forEach(events::add);
        for (int i = events.size() - 1; i >= 0; i--) {
            JsonNode e = events.get(i);
            String driver = e.path("Details").path("driver").asText();
            String subsystem = driver.isEmpty() ? e.path("Subsystem").asText() : "Driver: " + driver;
            if (options.verbose()) {
                List<String> details = new ArrayList<>();
                e.path("Details").fields().forEachRemaining(d -> details.add(d.getKey() + ": " + d.getValue().asText()));
                t.row(cell(time(e.path("Timestamp").asText())), cell(subsystem), cell(e.path("Message").asText()),
                        cell(String.join(", ", details)));
            } else {
                t.row(cell(time(e.path("Timestamp").asText())), cell(subsystem), cell(e.path("Message").asText()));
            }
        }
        t.print(out);
    }

    /** The running allocations' count, and what their tasks use now against what the node has. */
    private void resources(JsonNode n, JsonNode allocs) {
        List<JsonNode> running = running(allocs);
        section("Allocated Resources");
        new Table("Alloc Count").row(running.size()).print(out);
        long mhz = n.path("Attributes").path("cpu.frequency").asLong();
        double ticks = 0;
        long memory = 0;
        for (JsonNode a : running) {
            for (JsonNode s : iterable(a.path("TaskStates"))) {
                JsonNode usage = s.path("ResourceUsage");
                ticks += usage.path("CPUPercent").asDouble() / 100 * mhz;
                memory += usage.path("MemoryRSS").asLong();
            }
        }
        JsonNode total = n.path("NodeResources");
        section("Allocation Resource Utilization");
        new Table("CPU", "Memory").row((long) Math.floor(ticks) + "/" + total.path("Cpu").path("CpuShares").asLong()
                + " MHz", ibytes(memory) + "/" + ibytes(total.path("Memory").path("MemoryMB").asLong() << 20)).print(out);
    }

    private void allocations(JsonNode n, JsonNode allocs) {
        section("Allocations");
        if (allocs.isEmpty()) {
            out.println("No allocations placed");
            return;
        }
        Table t = new Table("ID", "Node ID", "Task Group", "Version", "Desired", "Status");
        for (JsonNode a : allocs) {
            t.row(id(a.path("ID").asText()), id(n.path("ID").asText()), text(a, "TaskGroup"),
                    a.path("JobVersion").asLong(), text(a, "DesiredStatus"), text(a, "ClientStatus"));
        }
        t.print(out);
    }

    private void section(String title) {
        out.println();
        out.println(title);
    }

    private void pairs(JsonNode map) {
        List<String> kv = new ArrayList<>();
        new TreeMap<>(fields(map)).forEach((k, v) -> {
            if (!k.isEmpty()) {
                kv.add(k);
                kv.add(cell(v.asText()));
            }
        });
        if (!kv.isEmpty()) {
            Table.pairs(out, kv.toArray(String[]::new));
        }
    }

    private static List<JsonNode> running(JsonNode allocs) {
        List<JsonNode> running = new ArrayList<>();
        allocs.forEach(a -> {
            if (a.path("ClientStatus").asText().equals("running")) {
                running.add(a);
            }
        });
        return running;
    }

    private String id(String id) {
        return options.verbose() ? id : Table.shortId(id);
    }

    private String time(String rfc3339) {
        if (rfc3339.isEmpty()) {
            return "";
        }
        Instant at = Instant.parse(rfc3339);
        return at.getEpochSecond() < 1 ? "" : TIME.format(at.atZone(options.zone()));
    }

    private static String text(JsonNode o, String field) {
        return cell(o.path(field).asText());
    }

    static String cell(String s) {
        return s == null || s.isEmpty() ? NONE : s;
    }

    private static String names(JsonNode map) {
        return cell(String.join(",", new TreeSet<>(fields(map).keySet())));
    }

    private static Map<String, JsonNode> fields(JsonNode map) {
        Map<String, JsonNode> out = new TreeMap<>();
        map.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static Iterable<JsonNode> iterable(JsonNode map) {
        return fields(map).values();
    }

    /** Bytes in powers of 1024 as Nomad's CLI writes them: {@code 393 MiB}, {@code 1.5 GiB}. */
    static String ibytes(long bytes) {
        if (bytes < 10) {
            return bytes + " B";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int e = (int) Math.floor(Math.log(bytes) / Math.log(1024));
        double value = Math.floor(bytes / Math.pow(1024, e) * 10 + 0.5) / 10;
        return String.format(java.util.Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[e]);
    }
}
