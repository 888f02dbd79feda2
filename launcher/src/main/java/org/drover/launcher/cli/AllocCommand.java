package org.drover.launcher.cli;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code drover alloc status|logs}: one allocation. */
@Command(name = "alloc", mixinStandardHelpOptions = true, description = "Shows an allocation or its logs.",
        subcommands = {AllocCommand.Status.class, AllocCommand.Logs.class})
public final class AllocCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: status or logs");
    }

    /** {@code drover alloc status ID}. */
    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Shows an allocation: its tasks' states and their recent events.")
    public static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Parameters(paramLabel = "ID", description = "The allocation's ID, or a unique prefix of it.")
        String id;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            JsonNode a = client.client().get("/v1/allocation/" + ApiClient.q(id));
            if (client.json) {
                out.println(a.toPrettyString());
                out.flush();
                return 0;
            }
            Table.pairs(out, "ID", a.path("ID").asText(), "Name", a.path("Name").asText(), "Job ID",
                    a.path("JobID").asText(), "Task Group", a.path("TaskGroup").asText(), "Client Status",
                    a.path("ClientStatus").asText());
            addresses(out, a.path("AllocatedResources").path("Shared"));
            a.path("TaskStates").fields().forEachRemaining(t -> {
                JsonNode s = t.getValue();
                out.println();
                out.printf("Task \"%s\" is \"%s\"%s%n", t.getKey(), s.path("State").asText(),
                        s.path("Failed").asBoolean() ? " (failed)" : "");
                out.println("Recent Events:");
                Table table = new Table("Time", "Type", "Description");
                List<JsonNode> events = new ArrayList<>();
                s.path("Events").forEach(events::add);
                for (int i = events.size() - 1; i >= 0; i--) {
                    JsonNode e = events.get(i);
                    table.row(Events.time(e), e.path("Type").asText(), e.path("DisplayMessage").asText());
                }
                table.print(out);
            });
            out.flush();
            return 0;
        }
    }

    /**
     * Nomad's "Allocation Addresses" section: shown when the group network has ports, each placed port
     * starred and called dynamic, as Nomad's CLI prints every one of them.
     */
    static void addresses(PrintWriter out, JsonNode shared) {
        JsonNode nw = shared.path("Networks").path(0);
        if (nw.isMissingNode() || (nw.path("DynamicPorts").isEmpty() && nw.path("ReservedPorts").isEmpty())) {
            return;
        }
        Table table = new Table("Label", "Dynamic", "Address");
        for (JsonNode p : shared.path("Ports")) {
            int to = p.path("To").asInt();
            table.row("*" + p.path("Label").asText(), "yes", p.path("HostIP").asText() + ":" + p.path("Value").asInt()
                    + (to > 0 ? " -> " + to : ""));
        }
        String mode = nw.path("Mode").asText("");
        out.println();
        out.println("Allocation Addresses" + (mode.isEmpty() ? "" : " (mode = \"" + mode + "\")") + ":");
        table.print(out);
    }

    /** {@code drover alloc logs [-f] [-stderr] ID TASK}. */
    @Command(name = "logs", mixinStandardHelpOptions = true,
            description = "Prints a task's stdout (or stderr), across its rotated files.")
    public static final class Logs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClientOptions client;

        @Option(names = {"-f", "-follow", "--follow"}, description = "Keep printing what the task writes.")
        boolean follow;

        @Option(names = {"-stderr", "--stderr"}, description = "The task's stderr instead of its stdout.")
        boolean stderr;

        @Parameters(index = "0", paramLabel = "ID", description = "The allocation's ID, or a unique prefix of it.")
        String id;

        @Parameters(index = "1", paramLabel = "TASK", arity = "0..1",
                description = "The task (may be left out when the allocation has one task).")
        String task;

        /**
         * A task's output is bytes as the task wrote them, read as they come: cut into JSON values they
         * would be split at arbitrary points and need decoding before use, so -json is refused, naming
         * where the task's state is had as JSON.
         */
        @Override
        public Integer call() throws Exception {
            if (client.json) {
                throw new ParameterException(spec.commandLine(), "-json: a task's output is printed as the task"
                        + " wrote it; 'drover alloc status -json " + id + "' gives the task's state as JSON");
            }
            ApiClient api = client.client();
            String name = task;
            if (name == null) {
                JsonNode a = api.get("/v1/allocation/" + ApiClient.q(id));
                List<String> tasks = new ArrayList<>();
                a.path("TaskStates").fieldNames().forEachRemaining(tasks::add);
                if (tasks.size() != 1) {
                    throw new ParameterException(spec.commandLine(), "the allocation has tasks " + tasks
                            + ": name one");
                }
                name = tasks.get(0);
            }
            try (InputStream in = api.stream("/v1/client/fs/logs/" + ApiClient.q(id) + "?task=" + ApiClient.q(name)
                    + "&type=" + (stderr ? "stderr" : "stdout") + "&follow=" + follow)) {
                byte[] buf = new byte[8192];
                for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                    System.out.write(buf, 0, n);
                    System.out.flush();
                }
            }
            return 0;
        }
    }
}
