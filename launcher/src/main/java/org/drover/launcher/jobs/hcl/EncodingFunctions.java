package org.drover.launcher.jobs.hcl;

import static org.drover.launcher.jobs.hcl.Function.of;
import static org.drover.launcher.jobs.hcl.Values.string;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Base64, JSON, CSV and URL encodings. */
final class EncodingFunctions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EncodingFunctions() {
    }

    static void register(Map<String, Function> f) {
        f.put("base64encode", of(1, a -> Base64.getEncoder().encodeToString(string(a.get(0))
                .getBytes(StandardCharsets.UTF_8))));
        f.put("base64decode", of(1, a -> {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(string(a.get(0)));
            } catch (IllegalArgumentException e) {
                throw new Values.Problem("failed to decode base64 data \"" + string(a.get(0)) + "\"");
            }
            String s = new String(bytes, StandardCharsets.UTF_8);
            if (!java.util.Arrays.equals(s.getBytes(StandardCharsets.UTF_8), bytes)) {
                throw new Values.Problem("the result of decoding the provided string is not valid UTF-8");
            }
            return s;
        }));
        f.put("jsonencode", of(1, a -> json(a.get(0))));
        f.put("jsondecode", of(1, a -> {
            try {
                return fromJson(JSON.readTree(string(a.get(0))));
            } catch (JsonProcessingException e) {
                throw new Values.Problem("invalid JSON: " + e.getOriginalMessage());
            }
        }));
        f.put("csvdecode", of(1, a -> csv(string(a.get(0)))));
        f.put("urlencode", of(1, a -> java.net.URLEncoder.encode(string(a.get(0)), StandardCharsets.UTF_8)
                .replace("*", "%2A").replace("%7E", "~")));
    }

    /** JSON as Go writes it: compact, keys sorted, and {@code <}, {@code >}, {@code &} escaped. */
    static String json(Object v) {
        StringBuilder out = new StringBuilder();
        write(v, out);
        return out.toString();
    }

    private static void write(Object v, StringBuilder out) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof String s) {
            try {
                out.append(JSON.writeValueAsString(s).replace("<", "\\u003c").replace(">", "\\u003e")
                        .replace("&", "\\u0026"));
            } catch (JsonProcessingException e) {
                throw new Values.Problem(e.getOriginalMessage());
            }
        } else if (v instanceof BigDecimal n) {
            out.append(Values.format(n));
        } else if (v instanceof Boolean b) {
            out.append(b);
        } else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : ",");
                write(l.get(i), out);
            }
            out.append(']');
        } else {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> e : new java.util.TreeMap<>(Values.map(v)).entrySet()) {
                out.append(first ? "" : ",");
                first = false;
                write(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
            }
            out.append('}');
        }
    }

    static Object fromJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isBoolean()) {
            return n.asBoolean();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(e -> out.add(fromJson(e)));
            return out;
        }
        Map<String, Object> out = Values.newMap();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), fromJson(e.getValue()));
        }
        return out;
    }

    /** RFC 4180 CSV; the first line names the columns, every value is a string. */
    private static List<Object> csv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            any = true;
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(field.toString());
                field.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                any = false;
            } else {
                field.append(c);
            }
        }
        if (any) {
            row.add(field.toString());
            rows.add(row);
        }
        List<Object> out = new ArrayList<>();
        if (rows.isEmpty()) {
            return out;
        }
        List<String> header = rows.get(0);
        for (int r = 1; r < rows.size(); r++) {
            if (rows.get(r).size() != header.size()) {
                throw new Values.Problem("record on line " + (r + 1) + ": wrong number of fields");
            }
            Map<String, Object> m = Values.newMap();
            for (int c = 0; c < header.size(); c++) {
                m.put(header.get(c), rows.get(r).get(c));
            }
            out.add(m);
        }
        return out;
    }
}
