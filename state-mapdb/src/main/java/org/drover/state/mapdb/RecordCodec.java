package org.drover.state.mapdb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drover.runner.api.driver.NetworkIsolation;
import org.drover.runner.api.driver.TaskConfig;
import org.drover.runner.api.driver.TaskHandle;
import org.drover.runner.api.model.AllocatedNetwork;
import org.drover.runner.api.model.AllocatedPort;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Constraint;
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
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskGroup;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.model.TaskState;
import org.drover.runner.api.state.HookState;
import org.drover.runner.api.state.LocalTaskState;

/**
 * The stored form of every record: a format version byte, then the fields in
 * a fixed order. A new field means a new format version, and the reader keeps
 * reading the older ones, so a store written by this version opens in the next.
 * Anything that does not decode exactly is reported, never half-read.
 */
final class RecordCodec {

    /**
     * The format of every record written by this version. 2 added an allocation's desired status,
     * a job's spec digest and version, and a task's kill request; format 1 records read as
     * running, unversioned and not killed. 3 added a job's datacenters and node pool, and the
     * constraints and stanzas read but not acted on of a job, its groups and tasks; older records
     * read as anywhere, the default pool, and none. 4 added the network stanzas of groups and tasks,
     * an allocation's placed ports, and a task config's ports, network namespace and dns; older
     * records read as without any.
     */
    static final int FORMAT = 4;

    private static final int T_NULL = 0;
    private static final int T_STRING = 1;
    private static final int T_LONG = 2;
    private static final int T_DOUBLE = 3;
    private static final int T_BOOL = 4;
    private static final int T_LIST = 5;
    private static final int T_MAP = 6;
    private static final int T_INT = 7;

    /** A record that cannot be decoded: the store holding it is damaged. */
    static final class CorruptRecordException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CorruptRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RecordCodec() {
    }

    @FunctionalInterface
    interface Writer<T> {
        void write(DataOutputStream out, T value) throws IOException;
    }

    @FunctionalInterface
    interface Reader<T> {
        T read(DataInputStream in, int format) throws IOException;
    }

    /**
     * One buffer per writing thread, kept between records: a task's records are a few KB, and a
     * buffer grown from scratch for each was most of what a restart storm allocated.
     */
    private static final ThreadLocal<ByteArrayOutputStream> BUFFER =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(8192));
    private static final int KEPT_BUFFER = 64 * 1024;

    static <T> byte[] encode(T value, Writer<T> writer) {
        ByteArrayOutputStream bytes = BUFFER.get();
        bytes.reset();
        try {
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            writer.write(out, value);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (bytes.size() > KEPT_BUFFER) {
                BUFFER.remove(); // an outsized record does not pin its buffer to the thread
            }
        }
    }

    static <T> T decode(String what, byte[] data, Reader<T> reader) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            int format = in.readUnsignedByte();
            if (format < 1 || format > FORMAT) {
                throw new IOException("unknown record format " + format);
            }
            T value = reader.read(in, format);
            if (in.available() != 0) {
                throw new IOException(in.available() + " trailing bytes");
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new CorruptRecordException("cannot decode " + what + ": " + e.getMessage(), e);
        }
    }

    // ---- records -------------------------------------------------------------------------------

    static void allocation(DataOutputStream out, Allocation a) throws IOException {
        str(out, a.id());
        job(out, a.job());
        str(out, a.group());
        out.writeInt(a.index());
        str(out, a.desiredStatus().name());
        allocatedNetwork(out, a.network());
    }

    static Allocation allocation(DataInputStream in, int format) throws IOException {
        String id = str(in);
        Job job = job(in, format);
        String group = str(in);
        int index = in.readInt();
        DesiredStatus desired = format >= 2 ? DesiredStatus.valueOf(str(in)) : DesiredStatus.RUN;
        AllocatedNetwork network = format >= 4 ? allocatedNetwork(in) : AllocatedNetwork.NONE;
        return new Allocation(id, job, group, index, desired, network);
    }

    private static void allocatedNetwork(DataOutputStream out, AllocatedNetwork n) throws IOException {
        str(out, n.mode());
        allocatedPorts(out, n.ports());
        out.writeInt(n.tasks().size());
        for (Map.Entry<String, List<AllocatedPort>> e : new java.util.TreeMap<>(n.tasks()).entrySet()) {
            str(out, e.getKey());
            allocatedPorts(out, e.getValue());
        }
    }

    private static AllocatedNetwork allocatedNetwork(DataInputStream in) throws IOException {
        String mode = str(in);
        List<AllocatedPort> ports = allocatedPorts(in);
        int n = count(in);
        Map<String, List<AllocatedPort>> tasks = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            tasks.put(str(in), allocatedPorts(in));
        }
        return new AllocatedNetwork(mode, ports, tasks);
    }

    private static void allocatedPorts(DataOutputStream out, List<AllocatedPort> ports) throws IOException {
        out.writeInt(ports.size());
        for (AllocatedPort p : ports) {
            str(out, p.label());
            out.writeInt(p.value());
            out.writeInt(p.to());
            str(out, p.hostIp());
            out.writeBoolean(p.ignoreCollision());
        }
    }

    private static List<AllocatedPort> allocatedPorts(DataInputStream in) throws IOException {
        int n = count(in);
        List<AllocatedPort> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new AllocatedPort(str(in), in.readInt(), in.readInt(), str(in), in.readBoolean()));
        }
        return out;
    }

    private static void networks(DataOutputStream out, List<NetworkResource> networks) throws IOException {
        out.writeInt(networks.size());
        for (NetworkResource n : networks) {
            str(out, n.mode());
            str(out, n.hostname());
            dns(out, n.dns());
            out.writeInt(n.ports().size());
            for (Port p : n.ports()) {
                str(out, p.label());
                out.writeInt(p.value());
                out.writeInt(p.to());
                str(out, p.hostNetwork());
                out.writeBoolean(p.ignoreCollision());
            }
        }
    }

    private static List<NetworkResource> networks(DataInputStream in) throws IOException {
        int n = count(in);
        List<NetworkResource> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String mode = str(in);
            String hostname = str(in);
            Dns dns = dns(in);
            int ports = count(in);
            List<Port> list = new ArrayList<>(ports);
            for (int j = 0; j < ports; j++) {
                list.add(new Port(str(in), in.readInt(), in.readInt(), str(in), in.readBoolean()));
            }
            out.add(new NetworkResource(mode, hostname, dns, list));
        }
        return out;
    }

    /** Null (no {@code dns} stanza) is told apart from an empty one. */
    private static void dns(DataOutputStream out, Dns dns) throws IOException {
        out.writeBoolean(dns != null);
        if (dns != null) {
            stringList(out, dns.servers());
            stringList(out, dns.searches());
            stringList(out, dns.options());
        }
    }

    private static Dns dns(DataInputStream in) throws IOException {
        return in.readBoolean() ? new Dns(stringList(in), stringList(in), stringList(in)) : null;
    }

    private static void isolation(DataOutputStream out, NetworkIsolation n) throws IOException {
        out.writeBoolean(n != null);
        if (n != null) {
            str(out, n.path());
            str(out, n.interfaceName());
            str(out, n.address());
            str(out, n.hostname());
        }
    }

    private static NetworkIsolation isolation(DataInputStream in) throws IOException {
        return in.readBoolean() ? new NetworkIsolation(str(in), str(in), str(in), str(in)) : null;
    }

    private static void stringList(DataOutputStream out, List<String> list) throws IOException {
        out.writeInt(list.size());
        for (String s : list) {
            str(out, s);
        }
    }

    private static List<String> stringList(DataInputStream in) throws IOException {
        int n = count(in);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(str(in));
        }
        return out;
    }

    /**
     * A job, as an allocation holds it and as it is stored on its own while allocations of it wait
     * to be placed: with where it may run, which placement reads again once the agent restarts.
     */
    static void job(DataOutputStream out, Job j) throws IOException {
        str(out, j.id());
        str(out, j.name());
        str(out, j.type().name());
        str(out, j.region());
        str(out, j.datacenter());
        str(out, j.namespace());
        strings(out, j.meta());
        out.writeInt(j.groups().size());
        for (TaskGroup g : j.groups()) {
            group(out, g);
        }
        str(out, j.spec());
        out.writeLong(j.version());
        out.writeInt(j.datacenters().size());
        for (String dc : j.datacenters()) {
            str(out, dc);
        }
        str(out, j.nodePool());
        placement(out, j.constraints(), j.stanzas());
    }

    private static void placement(DataOutputStream out, List<Constraint> constraints, Stanzas stanzas)
            throws IOException {
        out.writeInt(constraints.size());
        for (Constraint c : constraints) {
            str(out, c.lTarget());
            str(out, c.operand());
            str(out, c.rTarget());
        }
        value(out, stanzas.byName());
    }

    private static List<Constraint> constraints(DataInputStream in) throws IOException {
        int n = count(in);
        List<Constraint> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Constraint(str(in), str(in), str(in)));
        }
        return out;
    }

    static Job job(DataInputStream in, int format) throws IOException {
        String id = str(in);
        String name = str(in);
        JobType type = JobType.valueOf(str(in));
        String region = str(in);
        String dc = str(in);
        String ns = str(in);
        Map<String, String> meta = strings(in);
        int n = count(in);
        List<TaskGroup> groups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            groups.add(group(in, format));
        }
        if (format < 2) {
            return new Job(id, name, type, region, dc, ns, meta, groups);
        }
        String spec = str(in);
        long version = in.readLong();
        if (format < 3) {
            return new Job(id, name, type, region, dc, ns, meta, groups, spec, version);
        }
        int dcs = count(in);
        List<String> datacenters = new ArrayList<>(dcs);
        for (int i = 0; i < dcs; i++) {
            datacenters.add(str(in));
        }
        String pool = str(in);
        return new Job(id, name, type, region, dc, ns, meta, groups, spec, version, datacenters, pool,
                constraints(in), new Stanzas(map(in)));
    }

    private static void group(DataOutputStream out, TaskGroup g) throws IOException {
        str(out, g.name());
        out.writeInt(g.count());
        RestartPolicy p = g.restart();
        out.writeInt(p.attempts());
        out.writeLong(p.interval().toNanos());
        out.writeLong(p.delay().toNanos());
        str(out, p.mode().name());
        strings(out, g.meta());
        out.writeInt(g.tasks().size());
        for (Task t : g.tasks()) {
            task(out, t);
        }
        placement(out, g.constraints(), g.stanzas());
        networks(out, g.networks());
    }

    private static TaskGroup group(DataInputStream in, int format) throws IOException {
        String name = str(in);
        int count = in.readInt();
        RestartPolicy policy = new RestartPolicy(in.readInt(), Duration.ofNanos(in.readLong()),
                Duration.ofNanos(in.readLong()), RestartPolicy.Mode.valueOf(str(in)));
        Map<String, String> meta = strings(in);
        int n = count(in);
        List<Task> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tasks.add(task(in, format));
        }
        if (format < 3) {
            return new TaskGroup(name, count, policy, meta, tasks);
        }
        List<Constraint> constraints = constraints(in);
        Stanzas stanzas = new Stanzas(map(in));
        return new TaskGroup(name, count, policy, meta, tasks, constraints, stanzas,
                format >= 4 ? networks(in) : List.of());
    }

    private static void task(DataOutputStream out, Task t) throws IOException {
        str(out, t.name());
        str(out, t.driver());
        value(out, t.config());
        strings(out, t.env());
        strings(out, t.meta());
        resources(out, t.resources());
        logs(out, t.logs());
        out.writeLong(t.killTimeout().toNanos());
        str(out, t.killSignal());
        out.writeLong(t.shutdownDelay().toNanos());
        out.writeBoolean(t.leader());
        str(out, t.user());
        placement(out, t.constraints(), t.stanzas());
        networks(out, t.networks());
    }

    private static Task task(DataInputStream in, int format) throws IOException {
        Task t = new Task(str(in), str(in), map(in), strings(in), strings(in), resources(in), logs(in),
                Duration.ofNanos(in.readLong()), str(in), Duration.ofNanos(in.readLong()), in.readBoolean(), str(in));
        if (format < 3) {
            return t;
        }
        List<Constraint> constraints = constraints(in);
        Stanzas stanzas = new Stanzas(map(in));
        return new Task(t.name(), t.driver(), t.config(), t.env(), t.meta(), t.resources(), t.logs(),
                t.killTimeout(), t.killSignal(), t.shutdownDelay(), t.leader(), t.user(), constraints, stanzas,
                format >= 4 ? networks(in) : List.of());
    }

    static void taskState(DataOutputStream out, TaskState s) throws IOException {
        str(out, s.phase().name());
        out.writeBoolean(s.failed());
        out.writeInt(s.restarts());
        out.writeLong(s.lastRestartNanos());
        out.writeLong(s.startedAtNanos());
        out.writeLong(s.finishedAtNanos());
        out.writeInt(s.events().size());
        for (TaskEvent e : s.events()) {
            str(out, e.type());
            out.writeLong(e.timeNanos());
            str(out, e.message());
            strings(out, e.details());
            out.writeBoolean(e.failsTask());
        }
    }

    static TaskState taskState(DataInputStream in, int format) throws IOException {
        TaskPhase phase = TaskPhase.valueOf(str(in));
        boolean failed = in.readBoolean();
        int restarts = in.readInt();
        long lastRestart = in.readLong();
        long started = in.readLong();
        long finished = in.readLong();
        int n = count(in);
        List<TaskEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(new TaskEvent(str(in), in.readLong(), str(in), strings(in), in.readBoolean()));
        }
        return new TaskState(phase, failed, restarts, lastRestart, started, finished, events);
    }

    static void localState(DataOutputStream out, LocalTaskState s) throws IOException {
        out.writeBoolean(s.handle().isPresent());
        if (s.handle().isPresent()) {
            handle(out, s.handle().get());
        }
        out.writeInt(s.hooks().size());
        for (Map.Entry<String, HookState> e : new java.util.TreeMap<>(s.hooks()).entrySet()) {
            str(out, e.getKey());
            out.writeBoolean(e.getValue().done());
            strings(out, e.getValue().data());
            strings(out, e.getValue().env());
        }
        out.writeBoolean(s.runComplete());
        out.writeBoolean(s.killRequested());
    }

    static LocalTaskState localState(DataInputStream in, int format) throws IOException {
        Optional<TaskHandle> handle = in.readBoolean() ? Optional.of(handle(in, format)) : Optional.empty();
        int n = count(in);
        Map<String, HookState> hooks = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            hooks.put(str(in), new HookState(in.readBoolean(), strings(in), strings(in)));
        }
        boolean runComplete = in.readBoolean();
        return new LocalTaskState(handle, hooks, runComplete, format >= 2 && in.readBoolean());
    }

    static void hookState(DataOutputStream out, HookState s) throws IOException {
        out.writeBoolean(s.done());
        strings(out, s.data());
        strings(out, s.env());
    }

    static HookState hookState(DataInputStream in, int format) throws IOException {
        return new HookState(in.readBoolean(), strings(in), strings(in));
    }

    private static void handle(DataOutputStream out, TaskHandle h) throws IOException {
        out.writeInt(h.version());
        str(out, h.driver());
        TaskConfig c = h.config();
        str(out, c.id());
        str(out, c.allocId());
        str(out, c.jobName());
        str(out, c.groupName());
        str(out, c.taskName());
        value(out, c.config());
        strings(out, c.env());
        resources(out, c.resources());
        str(out, c.user());
        str(out, c.allocDir().toString());
        str(out, c.taskDir().toString());
        str(out, c.logDir().toString());
        logs(out, c.logs());
        allocatedPorts(out, c.ports());
        allocatedPorts(out, c.taskPorts());
        isolation(out, c.network());
        dns(out, c.dns());
        byte[] state = h.driverState();
        out.writeInt(state.length);
        out.write(state);
    }

    private static TaskHandle handle(DataInputStream in, int format) throws IOException {
        int version = in.readInt();
        String driver = str(in);
        TaskConfig config = new TaskConfig(str(in), str(in), str(in), str(in), str(in), map(in), strings(in),
                resources(in), str(in), Path.of(str(in)), Path.of(str(in)), Path.of(str(in)), logs(in));
        if (format >= 4) {
            config = new TaskConfig(config.id(), config.allocId(), config.jobName(), config.groupName(),
                    config.taskName(), config.config(), config.env(), config.resources(), config.user(),
                    config.allocDir(), config.taskDir(), config.logDir(), config.logs(), allocatedPorts(in),
                    allocatedPorts(in), isolation(in), dns(in));
        }
        byte[] state = new byte[count(in)];
        in.readFully(state);
        return new TaskHandle(version, driver, config, state);
    }

    private static void resources(DataOutputStream out, Resources r) throws IOException {
        out.writeInt(r.cpuMhz());
        out.writeInt(r.memoryMb());
    }

    private static Resources resources(DataInputStream in) throws IOException {
        return new Resources(in.readInt(), in.readInt());
    }

    private static void logs(DataOutputStream out, LogConfig l) throws IOException {
        out.writeInt(l.maxFiles());
        out.writeInt(l.maxFileSizeMb());
    }

    private static LogConfig logs(DataInputStream in) throws IOException {
        return new LogConfig(in.readInt(), in.readInt());
    }

    // ---- primitives ----------------------------------------------------------------------------

    static void str(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    static String str(DataInputStream in) throws IOException {
        byte[] b = new byte[count(in)];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad length " + n);
        }
        return n;
    }

    private static void strings(DataOutputStream out, Map<String, String> map) throws IOException {
        out.writeInt(map.size());
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(map).entrySet()) {
            str(out, e.getKey());
            str(out, e.getValue());
        }
    }

    private static Map<String, String> strings(DataInputStream in) throws IOException {
        int n = count(in);
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(str(in), str(in));
        }
        return map;
    }

    /** Driver config and stanza values: strings, numbers, booleans, lists and maps of those. */
    private static void value(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(T_NULL);
        } else if (v instanceof String s) {
            out.writeByte(T_STRING);
            str(out, s);
        } else if (v instanceof Integer i) {
            out.writeByte(T_INT);
            out.writeInt(i);
        } else if (v instanceof Long || v instanceof Short || v instanceof Byte) {
            out.writeByte(T_LONG);
            out.writeLong(((Number) v).longValue());
        } else if (v instanceof Number n) {
            out.writeByte(T_DOUBLE);
            out.writeDouble(n.doubleValue());
        } else if (v instanceof Boolean b) {
            out.writeByte(T_BOOL);
            out.writeBoolean(b);
        } else if (v instanceof List<?> list) {
            out.writeByte(T_LIST);
            out.writeInt(list.size());
            for (Object o : list) {
                value(out, o);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(T_MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                str(out, String.valueOf(e.getKey()));
                value(out, e.getValue());
            }
        } else {
            throw new IOException("cannot store a " + v.getClass().getName() + " in a task config");
        }
    }

    private static Object value(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case T_NULL:
                return null;
            case T_STRING:
                return str(in);
            case T_INT:
                return in.readInt();
            case T_LONG:
                return in.readLong();
            case T_DOUBLE:
                return in.readDouble();
            case T_BOOL:
                return in.readBoolean();
            case T_LIST: {
                int n = count(in);
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(value(in));
                }
                return java.util.Collections.unmodifiableList(list);
            }
            case T_MAP:
                return mapBody(in);
            default:
                throw new IOException("unknown value tag " + tag);
        }
    }

    private static Map<String, Object> map(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        if (tag != T_MAP) {
            throw new IOException("expected a map, found tag " + tag);
        }
        return mapBody(in);
    }

    private static Map<String, Object> mapBody(DataInputStream in) throws IOException {
        int n = count(in);
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            map.put(str(in), value(in));
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
