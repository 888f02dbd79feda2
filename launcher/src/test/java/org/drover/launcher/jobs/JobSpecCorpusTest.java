package org.drover.launcher.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.drover.jobspec.ApiJob;
import org.drover.launcher.jobs.hcl.HclDocument;
import org.drover.launcher.jobs.hcl.VariableInputs;
import org.drover.launcher.jobs.HclJobFile.Converted;
import org.drover.launcher.jobs.HclJobFile.JobFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The corpus of job files: each case is one job written twice, as a job file ({@code NAME.nomad.hcl})
 * and in the API's JSON ({@code NAME.json}). Both must be read, to the same API JSON (as
 * {@link CanonicalApiJson} compares it) and the same model, with the warnings of the golden file
 * {@code NAME.expected}; strict, each warning is an error. Together the files set every field of the
 * job specification. {@code -Dcorpus.update=true} writes the golden files anew.
 */
class JobSpecCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/jobspec");
    private static final String HCL = ".nomad.hcl";
    private static final String JSON = ".json";
    private static final boolean UPDATE = Boolean.getBoolean("corpus.update");
    /** The place a warning or an error names: the file, and the line when it is known. */
    private static final Pattern WHERE = Pattern.compile("^([^:\\s]+(?::\\d+)?):");

    static List<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(HCL))
                    .map(n -> n.substring(0, n.length() - HCL.length())).sorted().toList();
        }
    }

    private static Converted read(String file, boolean strict) throws JobFileException {
        return HclJobFile.read(CORPUS.resolve(file), strict);
    }

    @Test
    void everyCaseIsWrittenInBothForms() throws IOException {
        List<String> names;
        try (Stream<Path> s = Files.list(CORPUS)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> strays = new ArrayList<>();
        for (String n : names) {
            String base = n.endsWith(HCL) ? n.substring(0, n.length() - HCL.length())
                    : n.endsWith(JSON) ? n.substring(0, n.length() - JSON.length())
                    : n.endsWith(".expected") ? n.substring(0, n.length() - ".expected".length()) : null;
            if (base == null || !names.contains(base + HCL) || !names.contains(base + JSON)) {
                strays.add(n);
            }
        }
        assertEquals(List.of(), strays, "files in " + CORPUS + " without both a .nomad.hcl and a .json");
        assertFalse(cases().isEmpty(), "the corpus has cases");
    }

    @ParameterizedTest
    @MethodSource("cases")
    void bothFormsAreAccepted(String name) throws JobFileException {
        read(name + HCL, false);
        read(name + JSON, false);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void bothFormsGiveTheSameApiJson(String name) throws JobFileException {
        assertEquals(CanonicalApiJson.of(read(name + JSON, false).json()),
                CanonicalApiJson.of(read(name + HCL, false).json()), name + HCL + " against " + name + JSON);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void bothFormsGiveTheSameModel(String name) throws Exception {
        assertEquals(ApiJob.parse(read(name + JSON, false).json(), false).job(),
                ApiJob.parse(read(name + HCL, false).json(), false).job(), name);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void warningsAreTheGoldenOnes(String name) throws Exception {
        List<String> warnings = new ArrayList<>();
        warnings.addAll(read(name + HCL, false).warnings());
        warnings.addAll(read(name + JSON, false).warnings());
        String actual = warnings.stream().map(JobSpecCorpusTest::relative).map(w -> w + "\n")
                .reduce("", String::concat);
        Path golden = CORPUS.resolve(name + ".expected");
        if (UPDATE) {
            Files.writeString(golden, actual, StandardCharsets.UTF_8);
        } else if (!Files.exists(golden)) {
            fail("no golden file " + golden + "; write it with -Dcorpus.update=true and check it");
        }
        assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual, golden.toString());
    }

    @ParameterizedTest
    @MethodSource("cases")
    void strictTurnsEachWarningIntoAnError(String name) throws JobFileException {
        for (String file : List.of(name + HCL, name + JSON)) {
            List<String> warnings = read(file, false).warnings();
            if (warnings.isEmpty()) {
                assertEquals(List.of(), read(file, true).warnings(), file);
                continue;
            }
            JobFileException e = assertThrows(JobFileException.class, () -> read(file, true), file);
            List<String> errors = e.getMessage().lines().toList();
            for (String w : warnings) {
                String where = where(w);
                assertTrue(errors.stream().anyMatch(x -> where.equals(where(x))),
                        file + ": the warning \"" + w + "\" has no error at " + where + " when strict: " + errors);
            }
        }
    }

    @Test
    void theCorpusSetsEveryFieldOfTheSpecification() throws Exception {
        SchemaCoverage hcl = new SchemaCoverage();
        SchemaCoverage json = new SchemaCoverage();
        ObjectMapper mapper = new ObjectMapper();
        for (String name : cases()) {
            String text = Files.readString(CORPUS.resolve(name + HCL), StandardCharsets.UTF_8);
            hcl.hcl(HclDocument.evaluate(CORPUS.resolve(name + HCL), text, VariableInputs.none(), false).tree());
            json.json(mapper.readTree(CORPUS.resolve(name + JSON).toFile()));
        }
        List<String> missing = new ArrayList<>();
        hcl.missing(true).stream().filter(f -> !refused(f)).forEach(f -> missing.add("no job file sets " + f));
        json.missing(false).stream().filter(f -> !refused(f)).forEach(f -> missing.add("no JSON file sets " + f));
        assertEquals(List.of(), missing, "fields of the job specification the corpus leaves out");
    }

    /**
     * A periodic or parameterized job is refused until Drover runs it on its schedule or dispatch
     * (run at once, it would mean something else), so no accepted file can set those two stanzas.
     */
    private static boolean refused(String field) {
        return field.startsWith("job.periodic") || field.startsWith("job.parameterized")
                || field.startsWith("job.Periodic") || field.startsWith("job.ParameterizedJob")
                // Nomad refuses any task-level disk above zero: disk is asked for by the group's ephemeral_disk.
                || field.equals("job.group.task.resources.disk") || field.equals("job.group.task.resources.DiskMB");
    }

    private static String where(String message) {
        Matcher m = WHERE.matcher(message);
        return m.find() ? m.group(1) : "";
    }

    private static String relative(String warning) {
        String dir = CORPUS + java.io.File.separator;
        return warning.startsWith(dir) ? warning.substring(dir.length()) : warning;
    }
}
