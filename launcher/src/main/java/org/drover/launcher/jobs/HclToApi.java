package org.drover.launcher.jobs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.drover.jobspec.schema.Block;
import org.drover.jobspec.schema.Field;
import org.drover.jobspec.schema.JobSchema;
import org.drover.jobspec.schema.Kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A job file's blocks turned into the API's JSON by walking Nomad's job specification
 * ({@link JobSchema}): each key a field of its stanza, renamed to its API name, with the line it
 * is on recorded for every path written. Values pass through as written (the API-side reader checks
 * their types); a key the stanza has not is an error at its line. What Nomad's reader does beyond
 * renaming is {@link HclConversions}'.
 */
final class HclToApi {

    private final HclJobFile file;
    private final HclConversions conversions;

    HclToApi(HclJobFile file) {
        this.file = file;
        this.conversions = new HclConversions(this, file);
    }

    ObjectNode job(Map<String, Object> parsed) {
        ObjectNode root = HclJobFile.object();
        List<Map.Entry<String, Object>> labelled = labelled(parsed.get("job"));
        if (labelled.size() != 1 || parsed.size() != 1) {
            file.error("Job", "job", "a job file holds exactly one job \"<name>\" { … } block");
            return root;
        }
        String id = labelled.get(0).getKey();
        String hcl = "job \"" + id + "\"";
        int line = file.locate("Job", 1, "job\\s+\"" + Pattern.quote(id) + "\"");
        Map<String, Object> body = body(labelled.get(0).getValue(), "Job", hcl);
        ObjectNode job = root.putObject("Job");
        job.put("ID", id);
        job.put("Name", id);
        job.setAll(block(body, JobSchema.JOB, "Job", hcl, line));
        conversions.job(job, body, hcl, line);
        return root;
    }

    /** One stanza's body: each key written as its API field, nested stanzas walked in turn. */
    ObjectNode block(Map<String, Object> body, Block block, String path, String hcl, int line) {
        ObjectNode out = HclJobFile.object();
        for (Map.Entry<String, Object> e : body.entrySet()) {
            String key = e.getKey();
            Field f = block.hcl(key).orElse(null);
            if (f == null) {
                String at = path + "." + key;
                file.locate(at, line, Pattern.quote(key) + "\\s*[={\"]");
                file.error(at, hcl + " " + key, unknown(key, block));
            } else if (f.inApi()) {
                field(out, f, e.getValue(), path, hcl, line);
            }
        }
        conversions.block(out, body, block, path, hcl, line);
        return out;
    }

    private void field(ObjectNode out, Field f, Object value, String parent, String parentHcl, int parentLine) {
        String at = parent + "." + f.api();
        String hcl = parentHcl + " " + f.hcl();
        switch (f.kind()) {
            case BLOCK -> {
                int line = file.locate(at, parentLine, opening(f));
                if (value instanceof List<?>) {
                    file.error(at, hcl, "only one " + f.hcl() + " block is allowed here");
                } else {
                    out.set(f.api(), block(body(value, at, hcl), f.block(), at, hcl, line));
                }
            }
            case BLOCKS -> {
                ArrayNode list = out.putArray(f.api());
                int from = parentLine;
                int i = 0;
                for (Object item : items(value)) {
                    String p = at + "[" + i++ + "]";
                    int line = file.locate(p, from, opening(f));
                    file.note(at, line);
                    from = line + 1;
                    list.add(block(body(item, p, hcl), f.block(), p, hcl, line));
                }
            }
            case LABELLED, KEYED -> labelledItems(out, f, value, at, hcl, parentLine);
            default -> {
                int line = file.locate(at, parentLine, opening(f));
                out.set(f.api(), value(f.kind() == Kind.ANY ? blocksAsLists(value, line + 1) : value));
                if (f.kind() == Kind.DURATION) {
                    checkDuration(at, hcl, value);
                }
                if (f.kind() == Kind.STRING_MAP && value instanceof Map<?, ?> m) {
                    m.keySet().forEach(k -> file.locate(at + "." + k, line, "\"?" + Pattern.quote(String.valueOf(k))
                            + "\"?\\s*[=:]"));
                }
            }
        }
    }

    /**
     * A free-form value ({@code config}, {@code policy}) as Nomad's reader hands it on: a block inside
     * it is a list of objects, even written once, where an attribute ({@code labels = {…}}) keeps its
     * object. The evaluated tree holds both as a map, so the file's text tells which each was.
     */
    private Object blocksAsLists(Object value, int from) {
        if (!(value instanceof Map<?, ?> m)) {
            return value;
        }
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String key = String.valueOf(e.getKey());
            Object v = e.getValue();
            int at = file.lineWriting(from, key);
            boolean block = at > 0 && file.isBlockAt(at, key);
            if (v instanceof Map<?, ?> && block) {
                out.put(key, List.of(blocksAsLists(v, at + 1)));
            } else if (v instanceof List<?> l && block) {
                List<Object> items = new ArrayList<>();
                int next = at;
                for (Object item : l) {
                    items.add(blocksAsLists(item, next + 1));
                    int found = file.lineWriting(next + 1, key);
                    next = found > 0 ? found : next;
                }
                out.put(key, items);
            } else {
                out.put(key, v instanceof Map<?, ?> ? blocksAsLists(v, at > 0 ? at + 1 : from) : v);
            }
        }
        return out;
    }

    /** Labelled blocks, as the API writes them: a list of objects (LABELLED) or an object by label (KEYED). */
    private void labelledItems(ObjectNode out, Field f, Object value, String at, String hcl, int parentLine) {
        ArrayNode list = f.kind() == Kind.LABELLED ? out.putArray(f.api()) : null;
        ObjectNode map = list == null ? out.putObject(f.api()) : null;
        for (Map.Entry<String, Object> item : labelled(value)) {
            String p = at + "[\"" + item.getKey() + "\"]";
            ObjectNode one = labelledItem(item, f, p, hcl + " \"" + item.getKey() + "\"", parentLine);
            file.note(at, file.lineOf(p));
            if (list != null) {
                list.add(one);
            } else {
                map.set(item.getKey(), one);
            }
        }
    }

    /** A labelled block ({@code task "web" {…}}) with its label in the field the API keeps it in. */
    ObjectNode labelledItem(Map.Entry<String, Object> item, Field f, String path, String hcl, int parentLine) {
        int line = file.locate(path, parentLine, Pattern.quote(f.hcl()) + "\\s+\"" + Pattern.quote(item.getKey())
                + "\"");
        ObjectNode one = HclJobFile.object();
        if (f.label() != null) {
            one.put(f.label(), item.getKey());
        }
        one.setAll(block(body(item.getValue(), path, hcl), f.block(), path, hcl, line));
        return one;
    }

    /**
     * How a line that writes {@code f} starts: its name, then "{" for a block, "=" for an argument,
     * either for a map (written both ways); so a block's {@code migrate} is not an argument's.
     */
    private static String opening(Field f) {
        String name = Pattern.quote(f.hcl());
        return switch (f.kind()) {
            case BLOCK, BLOCKS -> name + "\\s*\\{";
            case STRING_MAP, ANY -> name + "\\s*[={]";
            default -> name + "\\s*=";
        };
    }

    private static String unknown(String key, Block block) {
        String near = null;
        for (String name : block.hclNames()) {
            if (distance(key, name) <= Math.max(1, Math.min(2, name.length() / 4))) {
                near = name;
                break;
            }
        }
        if (near != null) {
            return "unknown field; did you mean " + near + "?";
        }
        List<String> names = block.hclNames();
        return names.size() <= 12 ? "unknown field; " + block.name() + " takes " + String.join(", ", names)
                : "unknown field";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    /**
     * Nomad reads a number where a duration goes as nanoseconds (the API's unit); in a job file
     * that is almost always seconds meant, so it is kept but warned about.
     */
    private void checkDuration(String at, String hcl, Object value) {
        if (value instanceof Number n && n.doubleValue() != 0) {
            String written = value(value).asText();
            file.warn(at, hcl, written + " is " + written + " nanoseconds; a duration takes its unit, as in \""
                    + written + "s\"");
        }
    }

    /** A block written once (a map) or repeated (a list of maps). */
    static List<Object> items(Object value) {
        return value instanceof List<?> l ? new ArrayList<>(l) : List.of(value);
    }

    /** A labelled block's entries ({@code group "a" {…}}): a map by label, or a list of such maps. */
    static List<Map.Entry<String, Object>> labelled(Object value) {
        List<Map.Entry<String, Object>> out = new ArrayList<>();
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.add(Map.entry(String.valueOf(k), v)));
        } else if (value instanceof List<?> l) {
            l.forEach(e -> out.addAll(labelled(e)));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> body(Object value, String path, String hcl) {
        if (value instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        file.error(path, hcl, "must be a block { … }");
        return Map.of();
    }

    /** HCL's values as JSON: whole numbers as integers (the evaluated tree may hold any number as a double). */
    static JsonNode value(Object v) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof String s) {
            return f.textNode(Placeholders.unescape(s));
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 9e15 ? f.numberNode((long) d) : f.numberNode(d);
        }
        if (v instanceof List<?> l) {
            ArrayNode a = f.arrayNode();
            l.forEach(e -> a.add(value(e)));
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = f.objectNode();
            m.forEach((k, e) -> o.set(String.valueOf(k), value(e)));
            return o;
        }
        return f.textNode(String.valueOf(v));
    }
}
