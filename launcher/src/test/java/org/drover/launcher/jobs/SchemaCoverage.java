package org.drover.launcher.jobs;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drover.jobspec.schema.Block;
import org.drover.jobspec.schema.Field;
import org.drover.jobspec.schema.JobSchema;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which fields of the job specification a set of job files sets: each stanza counts once, wherever it
 * is written (a {@code check_restart} in a check covers the one in a service). A field of one form
 * only (the API's {@code Task.Identity}, a constraint's {@code distinct_hosts}) is looked for in that form.
 */
final class SchemaCoverage {

    /** Per stanza, the API names of the fields seen. */
    private final Map<Block, Set<String>> seen = new IdentityHashMap<>();

    /** Every stanza reachable from {@code job}, with the path it is first reached by. */
    static Map<Block, String> reachable() {
        Map<Block, String> out = new IdentityHashMap<>();
        List<Block> order = new ArrayList<>();
        visit(JobSchema.JOB, "job", out, order);
        Map<Block, String> ordered = new LinkedHashMap<>();
        order.forEach(b -> ordered.put(b, out.get(b)));
        return ordered;
    }

    private static void visit(Block b, String path, Map<Block, String> out, List<Block> order) {
        if (out.containsKey(b)) {
            return;
        }
        out.put(b, path);
        order.add(b);
        for (Field f : b.fields()) {
            if (f.block() != null) {
                visit(f.block(), path + "." + (f.inFile() ? f.hcl() : f.api()), out, order);
            }
        }
    }

    /** Counts the fields a job file's evaluated tree sets: {@code {job={<id>={…}}}}. */
    void hcl(Map<?, ?> parsed) {
        labelledBodies(parsed.get("job")).forEach(body -> hcl(body, JobSchema.JOB));
    }

    private void hcl(Object body, Block block) {
        if (!(body instanceof Map<?, ?> m)) {
            return;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            Field f = block.hcl(String.valueOf(e.getKey())).orElse(null);
            if (f == null) {
                continue;
            }
            mark(block, f);
            switch (f.kind()) {
                case BLOCK, BLOCKS -> bodies(e.getValue()).forEach(b -> hcl(b, f.block()));
                case LABELLED, KEYED -> labelledBodies(e.getValue()).forEach(b -> hcl(b, f.block()));
                default -> {
                }
            }
        }
    }

    /** A block given once is a map, given more often a list of maps. */
    private static List<Object> bodies(Object v) {
        return v instanceof List<?> l ? new ArrayList<>(l) : List.of(v);
    }

    /** Labelled blocks are a map from label to body, or a list of such maps. */
    private static List<Object> labelledBodies(Object v) {
        List<Object> out = new ArrayList<>();
        for (Object o : bodies(v)) {
            if (o instanceof Map<?, ?> byLabel) {
                out.addAll(byLabel.values());
            }
        }
        return out;
    }

    /** Counts the fields an API JSON job ({@code {"Job": {...}}}) sets. */
    void json(JsonNode root) {
        json(root.path("Job"), JobSchema.JOB);
    }

    private void json(JsonNode node, Block block) {
        if (!node.isObject()) {
            return;
        }
        node.fields().forEachRemaining(e -> {
            Field f = block.api(e.getKey()).orElse(null);
            if (f == null) {
                return;
            }
            mark(block, f);
            JsonNode v = e.getValue();
            switch (f.kind()) {
                case BLOCK -> json(v, f.block());
                case BLOCKS, LABELLED -> v.forEach(x -> json(x, f.block()));
                case KEYED -> v.forEach(x -> json(x, f.block()));
                default -> {
                }
            }
        });
    }

    private void mark(Block block, Field f) {
        seen.computeIfAbsent(block, b -> new java.util.HashSet<>()).add(f.api());
    }

    /**
     * The fields not seen, as "job.group.task.template.splay"; those a job file cannot write are skipped
     * {@code inFiles}, those the API's JSON does not carry otherwise.
     */
    List<String> missing(boolean inFiles) {
        List<String> out = new ArrayList<>();
        reachable().forEach((b, path) -> {
            for (Field f : b.fields()) {
                if (inFiles ? !f.inFile() : !f.inApi()) {
                    continue;
                }
                if (!seen.getOrDefault(b, Set.of()).contains(f.api())) {
                    out.add(path + "." + (inFiles ? f.hcl() : f.api()));
                }
            }
        });
        return out;
    }
}
