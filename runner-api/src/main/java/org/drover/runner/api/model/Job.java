package org.drover.runner.api.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A job as submitted.
 *
 * @param id         the job's ID
 * @param name       its display name (Nomad defaults it to the ID)
 * @param type       service, batch, system or sysbatch
 * @param region     exported as {@code NOMAD_REGION}
 * @param datacenter exported as {@code NOMAD_DC}: the datacenter of the node it runs on
 * @param namespace  exported as {@code NOMAD_NAMESPACE}
 * @param meta       job metadata
 * @param groups     its task groups
 * @param spec       a digest of the whole job as submitted, stanzas the model does not hold included:
 *                   two submissions that differ anywhere are two versions; empty for a job built in code
 * @param version    Nomad's job version: 0 when first registered, one more for each change
 * @param datacenters where it may run, as written ({@code *} globs); Nomad's default is {@code ["*"]}
 * @param nodePool    the node pool it runs in; Nomad's default is {@code "default"}
 * @param constraints its job-level constraints
 * @param stanzas     what else was submitted at job level and is read but not acted on
 */
public record Job(String id, String name, JobType type, String region, String datacenter, String namespace,
        Map<String, String> meta, List<TaskGroup> groups, String spec, long version, List<String> datacenters,
        String nodePool, List<Constraint> constraints, Stanzas stanzas) {

    public static final String DEFAULT_NODE_POOL = "default";

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(datacenter, "datacenter");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(spec, "spec");
        meta = Map.copyOf(meta);
        groups = List.copyOf(groups);
        datacenters = List.copyOf(datacenters);
        Objects.requireNonNull(nodePool, "nodePool");
        constraints = List.copyOf(constraints);
        Objects.requireNonNull(stanzas, "stanzas");
    }

    /** A job as stored before placement was read: anywhere, the default pool, no constraints. */
    public Job(String id, String name, JobType type, String region, String datacenter, String namespace,
            Map<String, String> meta, List<TaskGroup> groups, String spec, long version) {
        this(id, name, type, region, datacenter, namespace, meta, groups, spec, version, List.of("*"),
                DEFAULT_NODE_POOL, List.of(), Stanzas.NONE);
    }

    /** A job built in code: no submitted spec, version 0. */
    public Job(String id, String name, JobType type, String region, String datacenter, String namespace,
            Map<String, String> meta, List<TaskGroup> groups) {
        this(id, name, type, region, datacenter, namespace, meta, groups, "", 0);
    }

    /** A job in Nomad's default region, datacenter and namespace. */
    public static Job of(String id, JobType type, List<TaskGroup> groups) {
        return new Job(id, id, type, "global", "dc1", "default", Map.of(), groups);
    }

    public Job withVersion(long newVersion) {
        return new Job(id, name, type, region, datacenter, namespace, meta, groups, spec, newVersion, datacenters,
                nodePool, constraints, stanzas);
    }

    /** The job as placed on a node of {@code nodeDatacenter}, which {@code NOMAD_DC} names. */
    public Job withDatacenter(String nodeDatacenter) {
        return new Job(id, name, type, region, nodeDatacenter, namespace, meta, groups, spec, version, datacenters,
                nodePool, constraints, stanzas);
    }

    /**
     * Whether the two are the same submission, whatever versions they were given. A job stored
     * before specs were kept has none: it is compared by what the model holds, so an agent's
     * upgrade does not make every job look changed.
     */
    public boolean sameSpec(Job other) {
        String mine = spec.isEmpty() || other.spec.isEmpty() ? "" : spec;
        String theirs = spec.isEmpty() || other.spec.isEmpty() ? "" : other.spec;
        return new Job(id, name, type, region, datacenter, namespace, meta, groups, mine, 0, datacenters, nodePool,
                constraints, stanzas)
                .equals(new Job(other.id, other.name, other.type, other.region, other.datacenter, other.namespace,
                        other.meta, other.groups, theirs, 0, other.datacenters, other.nodePool, other.constraints,
                        other.stanzas));
    }

    public Optional<TaskGroup> group(String groupName) {
        return groups.stream().filter(g -> g.name().equals(groupName)).findFirst();
    }
}
