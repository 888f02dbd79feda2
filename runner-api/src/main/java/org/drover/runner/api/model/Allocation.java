package org.drover.runner.api.model;

import java.util.Objects;

/**
 * One instance of a task group placed on this node.
 *
 * @param id    a UUID
 * @param job   the job, as of this allocation
 * @param group the name of the group this allocation runs
 * @param index which of the group's {@code count} instances this is
 * @param desiredStatus whether its tasks are to run, or to be stopped for good
 * @param network the ports it holds on this node, picked when it was placed
 */
public record Allocation(String id, Job job, String group, int index, DesiredStatus desiredStatus,
        AllocatedNetwork network) {
    public Allocation {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(desiredStatus, "desiredStatus");
        Objects.requireNonNull(network, "network");
        if (job.group(group).isEmpty()) {
            throw new IllegalArgumentException("job " + job.id() + " has no group " + group);
        }
    }

    /** An allocation without ports. */
    public Allocation(String id, Job job, String group, int index, DesiredStatus desiredStatus) {
        this(id, job, group, index, desiredStatus, AllocatedNetwork.NONE);
    }

    /** An allocation whose tasks are to run, without ports. */
    public Allocation(String id, Job job, String group, int index) {
        this(id, job, group, index, DesiredStatus.RUN);
    }

    public Allocation withDesiredStatus(DesiredStatus status) {
        return new Allocation(id, job, group, index, status, network);
    }

    public Allocation withNetwork(AllocatedNetwork ports) {
        return new Allocation(id, job, group, index, desiredStatus, ports);
    }

    public TaskGroup taskGroup() {
        return job.group(group).orElseThrow();
    }

    /** Nomad's allocation name: {@code job.group[index]}. */
    public String name() {
        return job.name() + "." + group + "[" + index + "]";
    }

    /** The first 8 characters of the ID, as {@code NOMAD_SHORT_ALLOC_ID}. */
    public String shortId() {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
