package org.drover.api.http;

import java.util.Map;
import java.util.TreeMap;

import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Health;
import org.drover.runner.api.model.ClientStatus;
import org.drover.runner.api.model.TaskPhase;
import org.drover.runner.api.state.CommitStats;

/** The agent's metrics in Prometheus' text format. */
final class Metrics {

    private Metrics() {
    }

    static String render(Iterable<AllocationView> allocs, DriverCatalog drivers, CommitStats store) {
        StringBuilder out = new StringBuilder();
        Map<String, Integer> byStatus = new TreeMap<>();
        for (ClientStatus s : ClientStatus.values()) {
            byStatus.put(s.wire(), 0);
        }
        Map<String, Integer> byState = new TreeMap<>();
        for (TaskPhase p : TaskPhase.values()) {
            byState.put(p.wire(), 0);
        }
        StringBuilder restarts = new StringBuilder();
        StringBuilder memory = new StringBuilder();
        StringBuilder cpu = new StringBuilder();
        for (AllocationView a : allocs) {
            byStatus.merge(a.status().wire(), 1, Integer::sum);
            for (TaskView t : a.tasks()) {
                byState.merge(t.state().phase().wire(), 1, Integer::sum);
                String labels = "{job=\"" + esc(a.allocation().job().id()) + "\",group=\"" + esc(a.allocation().group())
                        + "\",alloc=\"" + a.allocation().id() + "\",task=\"" + esc(t.name()) + "\"}";
                restarts.append("drover_task_restarts_total").append(labels).append(' ')
                        .append(t.state().restarts()).append('\n');
                t.usage().ifPresent(u -> {
                    memory.append("drover_task_memory_rss_bytes").append(labels).append(' ')
                            .append(u.memoryRssBytes()).append('\n');
                    cpu.append("drover_task_cpu_percent").append(labels).append(' ').append(u.cpuPercent())
                            .append('\n');
                });
            }
        }
        gauge(out, "drover_allocations", "Allocations on this node by client status.", "status", byStatus);
        gauge(out, "drover_tasks", "Tasks on this node by state.", "state", byState);
        out.append("# HELP drover_task_restarts_total Restarts of each task.\n# TYPE drover_task_restarts_total counter\n")
                .append(restarts);
        out.append("# HELP drover_task_memory_rss_bytes Resident memory of each running task.\n"
                + "# TYPE drover_task_memory_rss_bytes gauge\n").append(memory);
        out.append("# HELP drover_task_cpu_percent CPU use of each running task, in percent of one core.\n"
                + "# TYPE drover_task_cpu_percent gauge\n").append(cpu);
        out.append("# HELP drover_driver_healthy Whether each driver can run tasks (1) or not (0).\n"
                + "# TYPE drover_driver_healthy gauge\n");
        for (String name : drivers.names()) {
            drivers.fingerprint(name).ifPresent(f -> out.append("drover_driver_healthy{driver=\"").append(esc(name))
                    .append("\"} ").append(f.health() == Health.HEALTHY ? 1 : 0).append('\n'));
        }
        out.append("# HELP drover_store_commit_seconds Time taken to make a batch of state changes durable.\n"
                + "# TYPE drover_store_commit_seconds summary\n")
                .append("drover_store_commit_seconds_sum ").append(store.totalNanos() / 1e9).append('\n')
                .append("drover_store_commit_seconds_count ").append(store.commits()).append('\n');
        out.append("# HELP drover_store_commit_max_seconds The longest commit since the store opened.\n"
                + "# TYPE drover_store_commit_max_seconds gauge\n")
                .append("drover_store_commit_max_seconds ").append(store.maxNanos() / 1e9).append('\n');
        out.append("# HELP drover_store_changes_total State changes committed.\n"
                + "# TYPE drover_store_changes_total counter\n")
                .append("drover_store_changes_total ").append(store.changes()).append('\n');
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, String label, Map<String, Integer> v) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name)
                .append(" gauge\n");
        v.forEach((k, n) -> out.append(name).append('{').append(label).append("=\"").append(k).append("\"} ")
                .append(n).append('\n'));
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
