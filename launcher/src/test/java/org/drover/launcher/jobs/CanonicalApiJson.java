package org.drover.launcher.jobs;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drover.jobspec.schema.Block;
import org.drover.jobspec.schema.Field;
import org.drover.jobspec.schema.JobSchema;
import org.drover.jobspec.schema.Kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job's API JSON in one spelling, so that two trees that mean the same job compare equal as text.
 * Walked with the job specification, it:
 * <ul>
 * <li>spells every known key as the schema does (Go's decoder matches keys ignoring case);</li>
 * <li>writes a duration as nanoseconds, whether it came as a number or as a Go duration string ("30s");</li>
 * <li>writes a number with an integral value as an integer (a job file's {@code 2} and the API's {@code 2.0});</li>
 * <li>sorts every object's keys, so the order of fields and of keyed blocks does not matter (a list's order does);</li>
 * <li>gives the job its ID as Name when it has none, as Nomad's API does.</li>
 * </ul>
 * Nothing else is normalised: a field present on one side only, or an empty block against a missing one, differs.
 */
final class CanonicalApiJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Block ROOT = Block.of("root", Field.block("job", "Job", JobSchema.JOB));
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private CanonicalApiJson() {
    }

    /** The canonical form of {@code {"Job": {...}}}, as indented text. */
    static String of(JsonNode root) {
        JsonNode c = object(root, ROOT);
        if (c.get("Job") instanceof ObjectNode job && !job.has("Name") && job.has("ID")) {
            ObjectNode named = sorted(job);
            named.set("Name", job.get("ID"));
            ((ObjectNode) c).set("Job", sorted(named));
        }
        try {
            return JSON.writeValueAsString(c);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode object(JsonNode node, Block block) {
        if (!node.isObject()) {
            return plain(node);
        }
        Map<String, JsonNode> out = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : entries(node).entrySet()) {
            Field f = block.api(e.getKey()).orElse(null);
            out.put(f == null ? e.getKey() : f.api(), f == null ? plain(e.getValue()) : value(e.getValue(), f));
        }
        ObjectNode o = F.objectNode();
        out.forEach(o::set);
        return o;
    }

    private static JsonNode value(JsonNode v, Field f) {
        return switch (f.kind()) {
            case DURATION -> duration(v);
            case BLOCK -> object(v, f.block());
            case BLOCKS, LABELLED -> v.isArray() ? each(v, f.block()) : plain(v);
            case KEYED -> keyed(v, f.block());
            default -> plain(v);
        };
    }

    private static JsonNode each(JsonNode array, Block block) {
        ArrayNode a = F.arrayNode();
        array.forEach(e -> a.add(object(e, block)));
        return a;
    }

    private static JsonNode keyed(JsonNode v, Block block) {
        if (!v.isObject()) {
            return plain(v);
        }
        ObjectNode o = F.objectNode();
        entries(v).forEach((k, e) -> o.set(k, object(e, block)));
        return o;
    }

    private static TreeMap<String, JsonNode> entries(JsonNode v) {
        TreeMap<String, JsonNode> m = new TreeMap<>();
        v.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        return m;
    }

    private static JsonNode duration(JsonNode v) {
        if (v.isTextual()) {
            Long nanos = goDuration(v.asText());
            return nanos == null ? v : F.numberNode(nanos);
        }
        return plain(v);
    }

    /** Nanoseconds in a Go duration ("1h30m", "1.5s", "-2ms", "0"); null if it is not one. */
    static Long goDuration(String s) {
        String t = s.strip();
        int sign = 1;
        if (t.startsWith("-") || t.startsWith("+")) {
            sign = t.startsWith("-") ? -1 : 1;
            t = t.substring(1);
        }
        if (t.equals("0")) {
            return 0L;
        }
        Matcher m = DURATION_PART.matcher(t);
        BigDecimal total = BigDecimal.ZERO;
        int at = 0;
        while (at < t.length() && m.find(at) && m.start() == at) {
            total = total.add(new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit(m.group(2)))));
            at = m.end();
        }
        if (at == 0 || at != t.length()) {
            return null;
        }
        return total.longValue() * sign;
    }

    private static long unit(String u) {
        return switch (u) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    /** A value the schema says nothing about: keys sorted, integral numbers as integers. */
    private static JsonNode plain(JsonNode v) {
        if (v.isNumber()) {
            BigDecimal d = v.decimalValue();
            return d.stripTrailingZeros().scale() <= 0 ? F.numberNode(d.toBigIntegerExact()) : F.numberNode(d);
        }
        if (v.isArray()) {
            ArrayNode a = F.arrayNode();
            v.forEach(e -> a.add(plain(e)));
            return a;
        }
        if (v.isObject()) {
            ObjectNode o = F.objectNode();
            entries(v).forEach((k, e) -> o.set(k, plain(e)));
            return o;
        }
        return v;
    }

    private static ObjectNode sorted(ObjectNode o) {
        ObjectNode out = F.objectNode();
        entries(o).forEach(out::set);
        return out;
    }
}
