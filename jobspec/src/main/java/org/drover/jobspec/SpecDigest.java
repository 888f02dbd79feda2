package org.drover.jobspec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a submitted job holds beyond the model: the stanzas Drover does not act on yet, each at its
 * path, as a SHA-256 over their canonical JSON (object keys sorted, numbers in one form). The
 * model's own fields are compared as values, defaults filled in, so writing a default out, or
 * sending the file as HCL instead of JSON, is no change; a change in one of these stanzas is one,
 * as in Nomad. Never empty: an empty spec marks a job stored before specs were kept.
 */
final class SpecDigest {

    private SpecDigest() {
    }

    static String of(SortedMap<String, JsonNode> notModelled) {
        StringBuilder canonical = new StringBuilder();
        notModelled.forEach((path, value) -> {
            canonical.append(path).append('=');
            write(canonical, value);
            canonical.append('\n');
        });
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(StringBuilder out, JsonNode v) {
        if (v.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    sorted.put(e.getKey(), e.getValue());
                }
            }
            out.append('{');
            sorted.forEach((k, child) -> {
                string(out, k);
                out.append(':');
                write(out, child);
                out.append(',');
            });
            out.append('}');
        } else if (v.isArray()) {
            out.append('[');
            v.forEach(child -> {
                write(out, child);
                out.append(',');
            });
            out.append(']');
        } else if (v.isNumber()) {
            double d = v.asDouble();
            out.append(v.isIntegralNumber() || d == Math.rint(d) ? Long.toString(v.asLong()) : Double.toString(d));
        } else if (v.isTextual()) {
            string(out, v.asText());
        } else {
            out.append(v.asText());
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
}
