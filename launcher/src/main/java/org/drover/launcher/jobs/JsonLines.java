package org.drover.launcher.jobs;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The line of every field of an API JSON job file, by the path {@link org.drover.jobspec.ApiJob} names
 * it with ({@code Job.TaskGroups["web"].Tasks["api"].Resources.MemoryMB}). An item of a list is known by
 * its index and, where it has one, by its name or label, as the reader names it. Keys are matched
 * without regard to case, as Nomad's decoder matches them; names and labels keep theirs.
 */
final class JsonLines {

    private final Map<String, Integer> lines = new HashMap<>();

    private JsonLines() {
    }

    /** The lines of {@code text}; empty if it is not JSON (the reader says why). */
    static JsonLines of(String text) {
        JsonLines out = new JsonLines();
        try (JsonParser p = new JsonFactory().createParser(text)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                out.top(p);
            }
        } catch (IOException e) {
            out.lines.clear();
        }
        return out;
    }

    /** The line of {@code path} or of its nearest enclosing path that has one; 0 if none. */
    int lineOf(String path) {
        for (String p = key(path); !p.isEmpty(); p = HclJobFile.parent(p)) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 0;
    }

    /** The file is either {@code {"Job": {...}}} or the job object itself, as the reader takes it. */
    private void top(JsonParser p) throws IOException {
        lines.put("job", 1);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int line = p.currentTokenLocation().getLineNr();
            JsonToken t = p.nextToken();
            if (name.equals("Job") && t == JsonToken.START_OBJECT) {
                lines.put("job", line);
                object(p, "job");
            } else {
                lines.putIfAbsent("job." + lower(name), line);
                skipOrRead(p, "job." + lower(name));
            }
        }
    }

    private void skipOrRead(JsonParser p, String path) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> object(p, path);
            case START_ARRAY -> array(p, path);
            default -> {
            }
        }
    }

    /** Reads the object the parser is at; returns its name or label if it has a textual one. */
    private String object(JsonParser p, String at) throws IOException {
        String label = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            String path = at + "." + lower(key);
            lines.putIfAbsent(path, p.currentTokenLocation().getLineNr());
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_STRING && (key.equalsIgnoreCase("name") || key.equalsIgnoreCase("label"))) {
                label = label == null || key.equalsIgnoreCase("name") ? p.getText() : label;
            }
            skipOrRead(p, path);
        }
        return label;
    }

    private void array(JsonParser p, String at) throws IOException {
        int index = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
            String item = at + "[" + index++ + "]";
            lines.putIfAbsent(item, p.currentTokenLocation().getLineNr());
            if (t == JsonToken.START_OBJECT) {
                String label = object(p, item);
                if (label != null) {
                    copy(item, at + "[\"" + label + "\"]");
                }
            } else if (t == JsonToken.START_ARRAY) {
                array(p, item);
            }
        }
    }

    private void copy(String from, String to) {
        Map<String, Integer> copies = new HashMap<>();
        lines.forEach((path, line) -> {
            if (path.equals(from) || path.startsWith(from + ".") || path.startsWith(from + "[")) {
                copies.put(to + path.substring(from.length()), line);
            }
        });
        copies.forEach(lines::putIfAbsent);
    }

    private static String lower(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    /** {@code path} with its keys in lower case and its quoted names and labels as written. */
    static String key(String path) {
        StringBuilder out = new StringBuilder(path.length());
        boolean quoted = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"' && (i == 0 || path.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            out.append(quoted ? c : Character.toLowerCase(c));
        }
        return out.toString();
    }
}
