package org.drover.jobspec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What identifies a submitted job: a SHA-256 over its canonical JSON (object keys sorted, numbers
 * in one form), bookkeeping fields left out. Every stanza counts, those Drover does not act on
 * yet included: as in Nomad, any change to what was submitted is a new version.
 */
final class SpecDigest {

    private SpecDigest() {
    }

    /** @param ignored top-level keys that are bookkeeping, not the job ({@code SubmitTime}, {@code Version}, ...) */
    static String of(JsonNode job, Set<String> ignored) {
        StringBuilder canonical = new StringBuilder();
        write(canonical, job, ignored);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(StringBuilder out, JsonNode v, Set<String> ignored) {
        if (v.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!ignored.contains(e.getKey()) && !e.getValue().isNull()) {
                    sorted.put(e.getKey(), e.getValue());
                }
            }
            out.append('{');
            sorted.forEach((k, child) -> {
                string(out, k);
                out.append(':');
                write(out, child, Set.of());
                out.append(',');
            });
            out.append('}');
        } else if (v.isArray()) {
            out.append('[');
            v.forEach(child -> {
                write(out, child, Set.of());
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
