package org.drover.api.http;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.drover.json.JsonTrees;
import org.drover.runner.api.alloc.AllocationView;
import org.drover.runner.api.alloc.TaskView;
import org.drover.runner.api.job.AllocMetric;
import org.drover.runner.api.job.Evaluation;
import org.drover.runner.api.job.JobView;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.TaskEvent;
import org.drover.runner.api.model.TaskState;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The API's JSON for jobs and allocations, with Nomad's field names. */
final class Views {


    /** Nomad's priority for a job that sets none: Drover's jobs carry no priority. */
    private static final int DEFAULT_PRIORITY = 50;
    /** Go's zero time, which Nomad writes for a time never set. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private Views() {
    }

    static ObjectNode jobStub(JobView v) {
        ObjectNode o = JsonTrees.object();
        o.put("ID", v.job().id()).put("Name", v.job().name()).put("Type", v.job().type().wire())
                .put("Status", v.status()).put("Stop", stopped(v)).put("Version", v.job().version());
        ObjectNode summary = o.putObject("Allocations");
        for (AllocationView a : v.allocs()) {
            String s = a.status().wire();
            summary.put(s, summary.path(s).asInt() + 1);
        }
        return o;
    }

    /** Nomad's {@code Stop}: the job's current version was told to stop. */
    private static boolean stopped(JobView v) {
        return !v.allocs().isEmpty() && v.allocs().stream().allMatch(a -> a.allocation().desiredStatus().stopped());
    }

    static ObjectNode job(JobView v) {
        ObjectNode o = jobStub(v);
        o.put("Region", v.job().region()).put("Namespace", v.job().namespace());
        o.putArray("Datacenters").add(v.job().datacenter());
        ArrayNode groups = o.putArray("TaskGroups");
        v.job().groups().forEach(g -> {
            ObjectNode group = groups.addObject().put("Name", g.name()).put("Count", g.count());
            ArrayNode tasks = group.putArray("Tasks");
            g.tasks().forEach(t -> tasks.addObject().put("Name", t.name()).put("Driver", t.driver()));
        });
        ArrayNode allocs = o.putArray("AllocIDs");
        v.allocs().forEach(a -> allocs.add(a.allocation().id()));
        return o;
    }

    /** Nomad's Evaluation; what Drover has no notion of (deployments, plans, classes) is empty. */
    static ObjectNode evaluation(Evaluation e, String namespace) {
        ObjectNode o = JsonTrees.object();
        o.put("ID", e.id()).put("Namespace", namespace).put("Priority", DEFAULT_PRIORITY).put("Type", e.type())
                .put("TriggeredBy", e.triggeredBy()).put("JobID", e.jobId()).put("JobModifyIndex", e.jobModifyIndex())
                .put("NodeID", "").put("NodeModifyIndex", 0).put("DeploymentID", "").put("Status", e.status())
                .put("StatusDescription", e.statusDescription()).put("Wait", 0).put("WaitUntil", ZERO_TIME)
                .put("NextEval", "").put("PreviousEval", e.previousEval()).put("BlockedEval", e.blockedEval());
        o.putNull("RelatedEvals");
        if (e.failedTgAllocs().isEmpty()) {
            o.putNull("FailedTGAllocs");
        } else {
            ObjectNode failed = o.putObject("FailedTGAllocs");
            new TreeMap<>(e.failedTgAllocs()).forEach((g, m) -> failed.set(g, metric(m)));
        }
        o.putNull("ClassEligibility");
        o.put("QuotaLimitReached", "").put("EscapedComputedClass", false).put("AnnotatePlan", false);
        ObjectNode queued = o.putObject("QueuedAllocations");
        new TreeMap<>(e.queuedAllocations()).forEach(queued::put);
        o.put("SnapshotIndex", e.modifyIndex()).put("CreateIndex", e.createIndex())
                .put("ModifyIndex", e.modifyIndex()).put("CreateTime", e.createTimeNanos())
                .put("ModifyTime", e.modifyTimeNanos());
        return o;
    }

    /** Nomad's AllocMetric: maps Go leaves nil are null, keys sorted as Go writes a map. */
    private static ObjectNode metric(AllocMetric m) {
        ObjectNode o = JsonTrees.object();
        o.put("NodesEvaluated", m.nodesEvaluated()).put("NodesFiltered", m.nodesFiltered())
                .put("NodesInPool", m.nodesInPool()).put("NodePool", m.nodePool());
        counts(o.putObject("NodesAvailable"), m.nodesAvailable());
        countsOrNull(o, "ClassFiltered", m.classFiltered());
        countsOrNull(o, "ConstraintFiltered", m.constraintFiltered());
        o.put("NodesExhausted", m.nodesExhausted());
        countsOrNull(o, "ClassExhausted", m.classExhausted());
        countsOrNull(o, "DimensionExhausted", m.dimensionExhausted());
        if (m.quotaExhausted().isEmpty()) {
            o.putNull("QuotaExhausted");
        } else {
            m.quotaExhausted().forEach(o.putArray("QuotaExhausted")::add);
        }
        o.putNull("ResourcesExhausted");
        if (m.scores().isEmpty()) {
            o.putNull("Scores");
        } else {
            ObjectNode scores = o.putObject("Scores");
            new TreeMap<>(m.scores()).forEach(scores::put);
        }
        o.putNull("ScoreMetaData");
        o.put("AllocationTime", m.allocationTimeNanos()).put("CoalescedFailures", m.coalescedFailures());
        return o;
    }

    private static void countsOrNull(ObjectNode o, String field, Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            o.putNull(field);
        } else {
            counts(o.putObject(field), counts);
        }
    }

    private static void counts(ObjectNode o, Map<String, Integer> counts) {
        new TreeMap<>(counts).forEach(o::put);
    }

    static ObjectNode allocStub(AllocationView v) {
        Allocation a = v.allocation();
        ObjectNode o = JsonTrees.object();
        o.put("ID", a.id()).put("Name", a.name()).put("JobID", a.job().id()).put("JobVersion", a.job().version())
                .put("TaskGroup", a.group()).put("DesiredStatus", a.desiredStatus().wire())
                .put("ClientStatus", v.status().wire());
        ObjectNode states = o.putObject("TaskStates");
        for (TaskView t : v.tasks()) {
            states.set(t.name(), taskState(t, false));
        }
        return o;
    }

    static ObjectNode alloc(AllocationView v) {
        ObjectNode o = allocStub(v);
        o.set("AllocatedResources", AllocatedResourcesView.of(v.allocation()));
        o.set("NetworkStatus", AllocatedResourcesView.networkStatus(v));
        for (TaskView t : v.tasks()) {
            ((ObjectNode) o.get("TaskStates")).set(t.name(), taskState(t, true));
        }
        return o;
    }

    private static ObjectNode taskState(TaskView t, boolean events) {
        TaskState s = t.state();
        ObjectNode o = JsonTrees.object();
        o.put("State", s.phase().wire()).put("Failed", s.failed()).put("Restarts", s.restarts())
                .put("StartedAt", time(s.startedAtNanos())).put("FinishedAt", time(s.finishedAtNanos()))
                .put("DriverAttachment", t.attachment().name().toLowerCase(java.util.Locale.ROOT));
        t.usage().ifPresent(u -> o.putObject("ResourceUsage").put("MemoryRSS", u.memoryRssBytes())
                .put("CPUPercent", u.cpuPercent()));
        if (events) {
            ArrayNode list = o.putArray("Events");
            for (TaskEvent e : s.events()) {
                ObjectNode ev = list.addObject().put("Type", e.type()).put("Time", e.timeNanos())
                        .put("DisplayMessage", e.message());
                ObjectNode details = ev.putObject("Details");
                // Sorted, as Go writes a map: the event's own map has no order that lasts a restart.
                for (Map.Entry<String, String> d : new TreeMap<>(e.details()).entrySet()) {
                    details.put(d.getKey(), d.getValue());
                }
            }
        }
        return o;
    }

    /** RFC 3339, or null for never (Nomad writes the zero time; null says it plainly). */
    private static String time(long nanos) {
        return nanos == 0 ? null : Instant.ofEpochSecond(0, nanos).toString();
    }
}
