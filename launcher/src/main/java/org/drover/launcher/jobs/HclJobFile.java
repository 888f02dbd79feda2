package org.drover.launcher.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drover.jobspec.ApiJob;
import org.drover.jobspec.JobSpecException;
import org.drover.jobspec.Problem;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A Nomad job file (HCL, or the API's JSON) read on the command line and
 * turned into the API's JSON, as Nomad's own CLI does before it submits.
 * HCL's {@code ${…}} placeholders are kept for the agent to interpolate at
 * run time. Problems name the file, the line where it is known, and the field.
 */
public final class HclJobFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where hcl4j's own errors say they are: "... on line: 3 col: 8". */
    private static final Pattern HCL4J_AT = Pattern.compile("line:? *(\\d+)(?:,? *col(?:umn)?:? *(\\d+))?");
    private static final Pattern HCL4J_CHARACTER = Pattern.compile("Illegal character <\\((.*)\\) - state: \\d+>");
    /*
     * hcl4j logs every error it throws, with its stack trace, before it throws: the throw is what
     * this reports (in one line; the trace with -v). The level holds until logging is configured
     * again, which only an agent does: a dev agent starts after its job file is read.
     */
    static {
        if (org.slf4j.LoggerFactory.getLogger("com.bertramlabs.plugins.hcl4j")
                instanceof ch.qos.logback.classic.Logger hcl4j) {
            hcl4j.setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

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
    /** JSON paths of the converted job to the HCL line they came from. */
    private final Map<String, Integer> lineOf = new LinkedHashMap<>();

    private HclJobFile(Path file, String text, boolean strict) {
        this.file = file;
        this.lines = text.lines().toList();
        this.strict = strict;
    }

    /** Reads and checks a job file; JSON files (first character {@code {}) are taken as the API's form. */
    public static Converted read(Path file, boolean strict) throws JobFileException {
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
        HclJobFile job = new HclJobFile(file, text, strict);
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
            return o.has("Job") ? o : wrap(o);
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
        Map<String, Object> parsed;
        // hcl4j prints its steps through for-expressions to standard output, where they would mix
        // with the command's own output (its JSON with -json). The command line reads one file at
        // a time, on one thread.
        java.io.PrintStream stdout = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            parsed = new HCLParser().parse(Placeholders.escape(text));
        } catch (Exception | StackOverflowError e) {
            throw new JobFileException(file + hcl4jProblem(e), e);
        } finally {
            System.setOut(stdout);
        }
        ObjectNode root = new HclToApi(this).job(parsed);
        if (!errors.isEmpty()) {
            throw new JobFileException(String.join("\n", errors));
        }
        return root;
    }

    /** ":LINE:COL: syntax error: what" from one of hcl4j's exceptions, whose text is a lexer's. */
    private static String hcl4jProblem(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() != null && t.getMessage().startsWith(t.getCause().getClass()
                .getName())) {
            t = t.getCause();
        }
        String message = String.valueOf(t.getMessage()).lines().findFirst().orElse("").strip();
        Matcher at = HCL4J_AT.matcher(message);
        String where = at.find() ? ":" + at.group(1) + (at.group(2) == null ? "" : ":" + at.group(2)) : "";
        Matcher c = HCL4J_CHARACTER.matcher(message);
        if (c.find()) {
            return where + ": syntax error: unexpected \"" + c.group(1) + "\"";
        }
        String what = at.reset().find() ? message.substring(0, at.start()).replaceAll("\\s*(found )?on\\s*$", "")
                : message;
        return where + ": syntax error: " + (what.isBlank() ? t.getClass().getSimpleName() : what.strip());
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
        for (String p = path; !p.isEmpty(); p = parent(p)) {
            Integer line = lineOf.get(p);
            if (line != null) {
                return file + ":" + line;
            }
        }
        return file.toString();
    }

    private static String parent(String path) {
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
