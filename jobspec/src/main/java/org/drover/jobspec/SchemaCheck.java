package org.drover.jobspec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.drover.jobspec.schema.Block;
import org.drover.jobspec.schema.Field;
import org.drover.jobspec.schema.JobSchema;
import org.drover.runner.api.model.GoDuration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One level of a job (the job, a group, a task) checked against Nomad's job specification: every
 * key must be a field of it, every field Drover does not act on must hold what Nomad's would, and
 * those set are warned about (errors when strict) and kept, as plain values, for the level's
 * {@code Stanzas}. The fields Drover acts on are left to the typed reader, except the nested
 * stanzas it acts on in part ({@code Resources}), which are looked into the same way.
 */
final class SchemaCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Nomad's words for what a field it reads but Drover ignores means on a single node. */
    private static final Map<String, String> NO_EFFECT = Map.of(
            "Affinities", "is not supported by Drover and is ignored: affinities have no effect on a single node",
            "Spreads", "is not supported by Drover and is ignored: spreads have no effect on a single node");
    private static final String IGNORED = "is not supported by Drover and is ignored";
    /** Tokens Nomad 1.x's servers checked and never stored: warned about, not kept. */
    private static final Set<String> NOT_KEPT = Set.of("ConsulToken", "VaultToken");
    /** What the server adds to a scaling policy, which Nomad's tools send back with the job. */
    private static final Set<String> SCALING_BOOKKEEPING = Set.of("ID", "Namespace", "Target", "CreateIndex",
            "ModifyIndex");

    private final Fields.Report report;
    /** The stanzas read at their own level, not as part of this one's ({@code TaskGroups}, {@code Tasks}). */
    private final Set<Block> levels;

    SchemaCheck(Fields.Report report, Set<Block> levels) {
        this.report = report;
        this.levels = levels;
    }

    /**
     * Checks {@code node}'s keys against {@code block}; returns what is set of the fields Drover does
     * not act on, by API name. {@code labelKey} is the key that holds the level's own label
     * ({@code Name}); {@code ignored} are bookkeeping keys Nomad's tools send.
     */
    Map<String, Object> level(JsonNode node, Block block, String path, String labelKey, Set<String> ignored) {
        Map<String, Object> residue = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (labelKey != null && key.equalsIgnoreCase(labelKey) || Fields.containsIgnoringCase(ignored, key)) {
                continue;
            }
            Field f = block.api(key).orElse(null);
            if (f == null) {
                report.problem(path + "." + key, "unknown field");
                continue;
            }
            String at = path + "." + f.api();
            if (f.actedOn()) {
                Object part = f.nested() && !levels.contains(f.block()) ? actedPart(e.getValue(), f, at) : null;
                if (part != null) {
                    residue.put(f.api(), part);
                }
                continue;
            }
            Object plain = value(e.getValue(), f, at);
            if (plain != null && !empty(plain)) {
                if (!NOT_KEPT.contains(f.api())) {
                    residue.put(f.api(), plain);
                    report.notModelled.put(at, JSON.valueToTree(plain));
                }
                notActed(at, NO_EFFECT.getOrDefault(f.api(), IGNORED));
            }
        }
        return residue;
    }

    private void notActed(String at, String message) {
        if (report.strict) {
            report.problem(at, "is not supported by Drover (strict)");
        } else {
            report.warnings.add(new Problem(at, message));
        }
    }

    /** The parts not acted on of a nested stanza that is acted on: null if none. */
    private Object actedPart(JsonNode v, Field f, String at) {
        if (v == null || v.isNull()) {
            return null;
        }
        switch (f.kind()) {
            case BLOCK -> {
                if (!v.isObject()) {
                    return null; // the typed reader says what is wrong
                }
                Map<String, Object> r = level(v, f.block(), at, null, Set.of());
                return r.isEmpty() ? null : r;
            }
            case BLOCKS, LABELLED -> {
                if (!v.isArray()) {
                    return null;
                }
                List<Object> parts = new ArrayList<>();
                boolean any = false;
                int i = 0;
                for (JsonNode e : v) {
                    Map<String, Object> r = e.isObject() ? level(e, f.block(), item(at, f, e, i), f.label(), Set.of())
                            : Map.of();
                    any |= !r.isEmpty();
                    parts.add(r);
                    i++;
                }
                return any ? parts : null;
            }
            default -> {
                if (!v.isObject()) {
                    return null;
                }
                Map<String, Object> parts = new LinkedHashMap<>();
                v.fields().forEachRemaining(e -> {
                    if (e.getValue().isObject()) {
                        Map<String, Object> r = level(e.getValue(), f.block(), at + "[\"" + e.getKey() + "\"]",
                                f.label(), Set.of());
                        if (!r.isEmpty()) {
                            parts.put(e.getKey(), r);
                        }
                    }
                });
                return parts.isEmpty() ? null : parts;
            }
        }
    }

    /** An item's path: by its label for a labelled stanza, else by its index. */
    static String item(String at, Field f, JsonNode e, int index) {
        if (f.label() != null && f.kind() == org.drover.jobspec.schema.Kind.LABELLED) {
            JsonNode label = Fields.field(e, f.label());
            if (label.isTextual()) {
                return at + "[\"" + label.asText() + "\"]";
            }
        }
        return at + "[" + index + "]";
    }

    /** {@code v} as the plain value the field holds (durations in nanoseconds), or null, reported, if it is not one. */
    Object value(JsonNode v, Field f, String at) {
        if (v == null || v.isNull()) {
            return null;
        }
        return switch (f.kind()) {
            case STRING -> v.isTextual() ? v.asText() : wrong(at, "must be a string", v);
            case INT -> v.isNumber() && v.asDouble() == Math.rint(v.asDouble()) ? (Object) v.asLong()
                    : wrong(at, "must be a whole number", v);
            case FLOAT -> v.isNumber() ? (Object) v.asDouble() : wrong(at, "must be a number", v);
            case BOOL -> v.isBoolean() ? (Object) v.asBoolean() : wrong(at, "must be true or false", v);
            case DURATION -> duration(v, at);
            case STRINGS -> strings(v, at);
            case INTS -> ints(v, at);
            case STRING_MAP -> stringMap(v, at);
            case ANY -> ApiJob.plain(v);
            case BLOCK -> v.isObject() ? object(v, f.block(), at, null) : wrong(at, "must be an object", v);
            case BLOCKS, LABELLED -> list(v, f, at);
            case KEYED -> keyed(v, f, at);
        };
    }

    private Object wrong(String at, String expected, JsonNode v) {
        report.problem(at, expected + ", got " + Fields.describe(v));
        return null;
    }

    private Object duration(JsonNode v, String at) {
        if (v.isIntegralNumber() && v.asLong() >= 0) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                Duration d = GoDuration.parse(v.asText());
                if (!d.isNegative()) {
                    return d.toNanos();
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        return wrong(at, "must be a duration such as \"30s\" (or nanoseconds)", v);
    }

    private Object strings(JsonNode v, String at) {
        if (!v.isArray()) {
            return wrong(at, "must be a list of strings", v);
        }
        List<Object> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isValueNode() || e.isNull()) {
                return wrong(at, "must be a list of strings, has", e);
            }
            out.add(e.asText());
        }
        return out;
    }

    private Object ints(JsonNode v, String at) {
        if (!v.isArray()) {
            return wrong(at, "must be a list of whole numbers", v);
        }
        List<Object> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isNumber() || e.asDouble() != Math.rint(e.asDouble())) {
                return wrong(at, "must be a list of whole numbers, has", e);
            }
            out.add(e.asLong());
        }
        return out;
    }

    private Object stringMap(JsonNode v, String at) {
        if (!v.isObject()) {
            return wrong(at, "must be a map of strings", v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                wrong(at + "." + e.getKey(), "must be a string", e.getValue());
            } else {
                out.put(e.getKey(), e.getValue().asText());
            }
        }
        return out;
    }

    /** A nested stanza not acted on: every key checked, those not set left out. */
    private Map<String, Object> object(JsonNode v, Block block, String at, String labelKey) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (labelKey != null && e.getKey().equalsIgnoreCase(labelKey)) {
                if (!e.getValue().isTextual()) {
                    wrong(at + "." + labelKey, "must be a string", e.getValue());
                } else {
                    out.put(labelKey, e.getValue().asText());
                }
                continue;
            }
            if (block == JobSchema.SCALING && Fields.containsIgnoringCase(SCALING_BOOKKEEPING, e.getKey())) {
                continue;
            }
            Field f = block.api(e.getKey()).orElse(null);
            if (f == null) {
                report.problem(at + "." + e.getKey(), "unknown field");
                continue;
            }
            Object plain = value(e.getValue(), f, at + "." + f.api());
            if (plain != null && !empty(plain)) {
                out.put(f.api(), plain);
            }
        }
        return out;
    }

    private Object list(JsonNode v, Field f, String at) {
        if (!v.isArray()) {
            return wrong(at, "must be a list of objects", v);
        }
        List<Object> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : v) {
            if (!e.isObject()) {
                wrong(item(at, f, e, i), "must be an object", e);
            } else {
                out.add(object(e, f.block(), item(at, f, e, i), f.label()));
            }
            i++;
        }
        return out;
    }

    private Object keyed(JsonNode v, Field f, String at) {
        if (!v.isObject()) {
            return wrong(at, "must be an object keyed by name", v);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = at + "[\"" + e.getKey() + "\"]";
            if (!e.getValue().isObject()) {
                wrong(p, "must be an object", e.getValue());
            } else {
                out.put(e.getKey(), object(e.getValue(), f.block(), p, f.label()));
            }
        }
        return out;
    }

    /** Not set, as Nomad's zero values are: nothing, "", 0, false, or only such things. */
    static boolean empty(Object v) {
        if (v == null || "".equals(v) || Boolean.FALSE.equals(v)) {
            return true;
        }
        if (v instanceof Number n) {
            return n.doubleValue() == 0;
        }
        if (v instanceof Map<?, ?> m) {
            return m.values().stream().allMatch(SchemaCheck::empty);
        }
        if (v instanceof List<?> l) {
            return l.isEmpty();
        }
        return false;
    }
}
