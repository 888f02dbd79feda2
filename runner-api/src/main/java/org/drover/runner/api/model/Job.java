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
 * @param type       service, batch or system
 * @param region     exported as {@code NOMAD_REGION}
 * @param datacenter exported as {@code NOMAD_DC}
 * @param namespace  exported as {@code NOMAD_NAMESPACE}
 * @param meta       job metadata
 * @param groups     its task groups
 * @param spec       a digest of the whole job as submitted, stanzas the model does not hold included:
 *                   two submissions that differ anywhere are two versions; empty for a job built in code
 * @param version    Nomad's job version: 0 when first registered, one more for each change
 */
public record Job(String id, String name, JobType type, String region, String datacenter, String namespace,
        Map<String, String> meta, List<TaskGroup> groups, String spec, long version) {
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
        return new Job(id, name, type, region, datacenter, namespace, meta, groups, spec, newVersion);
    }

    /** Whether the two are the same submission, whatever versions they were given. */
    public boolean sameSpec(Job other) {
        return withVersion(0).equals(other.withVersion(0));
    }

    public Optional<TaskGroup> group(String groupName) {
        return groups.stream().filter(g -> g.name().equals(groupName)).findFirst();
    }
}
