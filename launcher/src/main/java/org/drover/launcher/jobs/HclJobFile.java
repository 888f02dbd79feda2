package org.drover.launcher.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.drover.jobspec.ApiJob;
import org.drover.jobspec.JobSpecException;
import org.drover.jobspec.Problem;
import org.drover.launcher.jobs.hcl.HclDocument;
import org.drover.launcher.jobs.hcl.HclError;
import org.drover.launcher.jobs.hcl.VariableInputs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Nomad job file (HCL, or the API's JSON) read on the command line and
 * turned into the API's JSON, as Nomad's own CLI does before it submits.
 * HCL files are evaluated first (variables, locals, functions, dynamic blocks);
 * runtime placeholders such as {@code ${NOMAD_ALLOC_ID}} are kept for the agent
 * to interpolate. Problems name the file, the line where it is known, and the field.
 */
public final class HclJobFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The mapping's own words for a file that is not one job, used for any other top-level name too. */
    private static final String ONE_JOB = "a job file holds exactly one job \"<name>\" { … } block";

    /** The job as API JSON ({@code {"Job": {...}}}), and what Drover ignores in it. */
    public record Converted(ObjectNode json, List<String> warnings) {
    }

    /** A job file that cannot be submitted; the message names the file, line and field. */
    public static final class JobFileException extends Exception {
        private static final long serialVersionUID = 1L;

        public JobFileException(String message) {
            super(message);
        }

        public JobFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Path file;
    private final List<String> lines;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final boolean strict;
    private final VariableInputs inputs;
    /** JSON paths of the converted job to the HCL line they came from. */
    private final Map<String, Integer> lineOf = new LinkedHashMap<>();
    /** Lines of an API JSON file's fields; null for an HCL file. */
    private JsonLines jsonLines;

    private HclJobFile(Path file, String text, boolean strict, VariableInputs inputs) {
        this.file = file;
        this.lines = text.lines().toList();
        this.strict = strict;
        this.inputs = inputs;
    }

    /** Reads and checks a job file whose variables have only their defaults. */
    public static Converted read(Path file, boolean strict) throws JobFileException {
        return read(file, strict, VariableInputs.none());
    }

    /**
     * Reads and checks a job file, its variables set from {@code inputs}; JSON files (first
     * character {@code {}) are taken as the API's form.
     */
    public static Converted read(Path file, boolean strict, VariableInputs inputs) throws JobFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new JobFileException(file + ": cannot read: no such file", e);
        } catch (java.nio.file.AccessDeniedException e) {
            throw new JobFileException(file + ": cannot read: permission denied", e);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new JobFileException(file + ": cannot read: not UTF-8 text", e);
        } catch (IOException e) {
            throw new JobFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        HclJobFile job = new HclJobFile(file, text, strict, inputs);
        ObjectNode json = text.stripLeading().startsWith("{") ? job.json(text) : job.hcl(text);
        job.check(json);
        return new Converted(json, List.copyOf(job.warnings));
    }

    private ObjectNode json(String text) throws JobFileException {
        try {
            JsonNode node = JSON.readTree(text);
            if (!(node instanceof ObjectNode o)) {
                throw new JobFileException(file + ": a JSON job file holds an object");
            }
            jsonLines = JsonLines.of(text);
            return o.has("Job") ? o : wrap(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            String where = at == null || at.getLineNr() < 1 ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
            throw new JobFileException(file + where + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new JobFileException(file + ": not valid JSON: " + e.getMessage());
        }
    }

    private static ObjectNode wrap(ObjectNode job) {
        ObjectNode root = JSON.createObjectNode();
        root.set("Job", job);
        return root;
    }

    private ObjectNode hcl(String text) throws JobFileException {
        try {
            HclSyntax.check(text);
        } catch (HclSyntax.SyntaxError e) {
            throw new JobFileException(file + ":" + e.line + ":" + e.column + ": syntax error: " + e.getMessage());
        }
        HclDocument.Evaluated evaluated;
        try {
            evaluated = HclDocument.evaluate(file, text, inputs, strict);
        } catch (HclError e) {
            throw new JobFileException(problem(e), e);
        } catch (StackOverflowError e) {
            throw new JobFileException(file + ": syntax error: expressions nested too deeply to read", e);
        }
        warnings.addAll(evaluated.warnings());
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = (Map<String, Object>) Placeholders.protect(evaluated.tree());
        for (Map.Entry<String, Integer> top : evaluated.lines().entrySet()) {
            if (!top.getKey().equals("job")) {
                throw new JobFileException(file + ":" + top.getValue() + ": " + top.getKey() + ": " + ONE_JOB);
            }
        }
        ObjectNode root = new HclToApi(this).job(parsed);
        if (!errors.isEmpty()) {
            throw new JobFileException(String.join("\n", errors));
        }
        return root;
    }

    /** "FILE:LINE[:COL]: what", in the file the problem is in (the job file, or a var file). */
    private String problem(HclError e) {
        Path in = e.file() == null ? file : e.file();
        String where = e.line() > 0 ? ":" + e.line() + (e.isSyntax() && e.column() > 0 ? ":" + e.column() : "") : "";
        return in + where + ": " + (e.isSyntax() ? "syntax error: " : "") + e.getMessage();
    }

    /** The agent checks again, with its drivers' schemas; this finds the rest before anything is sent. */
    private void check(ObjectNode json) throws JobFileException {
        try {
            for (Problem w : ApiJob.parse(json, strict).ignored()) {
                warnings.add(where(w.path()) + ": " + w.path() + " " + w.message());
            }
        } catch (JobSpecException e) {
            List<String> out = new ArrayList<>();
            for (Problem p : e.problems()) {
                out.add(where(p.path()) + ": " + p.path() + ": " + p.message());
            }
            throw new JobFileException(String.join("\n", out));
        }
    }

    /** {@code file:line} for a JSON path, from the nearest path the conversion saw. */
    String where(String path) {
        if (jsonLines != null) {
            int line = jsonLines.lineOf(path);
            return line > 0 ? file + ":" + line : file.toString();
        }
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Integer line = lineOf.get(p);
            if (line != null) {
                return file + ":" + line;
            }
        }
        return file.toString();
    }

    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut <= 0 ? "" : path.substring(0, cut);
    }

    // --- for HclToApi -----------------------------------------------------------------------

    void error(String jsonPath, String hclPath, String message) {
        errors.add(where(jsonPath) + ": " + hclPath + ": " + message);
    }

    void warn(String jsonPath, String hclPath, String message) {
        warnings.add(where(jsonPath) + ": " + hclPath + ": " + message);
    }

    /**
     * Records where {@code jsonPath} is: the first line from {@code from} on that starts with
     * {@code keyPattern} (after a "{" or "," on one-line blocks and objects), or {@code from} if none
     * does; returns it.
     */
    int locate(String jsonPath, int from, String keyPattern) {
        Pattern p = Pattern.compile("(?:^|[{,])\\s*" + keyPattern);
        for (int i = Math.max(0, from - 1); i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).find()) {
                lineOf.put(jsonPath, i + 1);
                return i + 1;
            }
        }
        lineOf.put(jsonPath, from);
        return from;
    }

    /** The first line from {@code from} on that writes {@code key} as an argument or a block; 0 if none. */
    int lineWriting(int from, String key) {
        Pattern p = Pattern.compile("(?:^|[{,])\\s*\"?" + Pattern.quote(key) + "\"?\\s*[={]");
        for (int i = Math.max(0, from - 1); i < lines.size(); i++) {
            if (p.matcher(lines.get(i)).find()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Whether line {@code line} writes {@code key} as a block ({@code key {}) rather than an argument. */
    boolean isBlockAt(int line, String key) {
        return Pattern.compile("(?:^|[{,])\\s*" + Pattern.quote(key) + "\\s*\\{").matcher(lines.get(line - 1))
                .find();
    }

    /** Records {@code line} for {@code jsonPath} unless it has one. */
    void note(String jsonPath, int line) {
        lineOf.putIfAbsent(jsonPath, line);
    }

    /** The line recorded for {@code jsonPath} or its nearest enclosing path; 1 if none. */
    int lineOf(String jsonPath) {
        for (String p = jsonPath; !p.isEmpty(); p = parent(p)) {
            Integer line = lineOf.get(p);
            if (line != null) {
                return line;
            }
        }
        return 1;
    }

    /** The lines of {@code from} and every path under it, recorded again under {@code to}: a stanza given to a task. */
    void copyLines(String from, String to) {
        Map<String, Integer> copies = new LinkedHashMap<>();
        lineOf.forEach((path, line) -> {
            if (path.equals(from) || path.startsWith(from + ".") || path.startsWith(from + "[")) {
                copies.put(to + path.substring(from.length()), line);
            }
        });
        copies.forEach(lineOf::putIfAbsent);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }
}
