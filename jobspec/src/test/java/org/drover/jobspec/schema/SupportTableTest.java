package org.drover.jobspec.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.drover.jobspec.ApiJob;
import org.junit.jupiter.api.Test;

/**
 * The README's table of what Drover does with each stanza is the schema's, row for row: rendered
 * here from the tables and compared, so the two cannot drift. {@code -Dreadme.update=true} writes it.
 */
class SupportTableTest {

    static final Path README = Path.of("../README.md");
    static final String BEGIN = "<!-- stanza support: rendered from jobspec's schema tables -->";
    static final String END = "<!-- end of stanza support -->";

    /** One row for each stanza Drover acts on at least in part, by its first path from the job. */
    static String table() {
        List<String> rows = new ArrayList<>();
        rows.add("| stanza | acted on | read, and a warning when set (an error with `-strict`) |");
        rows.add("|---|---|---|");
        Set<Block> seen = new LinkedHashSet<>();
        walk(JobSchema.JOB, "job", seen, rows);
        return String.join("\n", rows);
    }

    private static void walk(Block block, String path, Set<Block> seen, List<String> rows) {
        if (!seen.add(block)) {
            return;
        }
        rows.add("| `" + path + "` | " + names(block, true) + " | " + names(block, false) + " |");
        for (Field f : block.fields()) {
            if (f.actedOn() && f.nested()) {
                walk(f.block(), path + " > " + (f.inFile() ? f.hcl() : f.api()), seen, rows);
            }
        }
    }

    private static String names(Block block, boolean acted) {
        String names = block.fields().stream().filter(f -> f.actedOn() == acted)
                .map(f -> "`" + (f.inFile() ? f.hcl() : f.api()) + "`" + (refused(block, f) ? " (refused)" : ""))
                .collect(Collectors.joining(", "));
        return names.isEmpty() ? "—" : names;
    }

    /** A job with one of these is refused, not warned about: run at once, it would mean something else. */
    private static boolean refused(Block block, Field f) {
        return block == JobSchema.JOB && ApiJob.refusedStanzas().contains(f.api());
    }

    @Test
    void theReadmesTableIsTheSchemas() throws Exception {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "the README has the table between " + BEGIN + " and " + END);
        String written = readme.substring(begin + BEGIN.length(), end).strip();
        if (Boolean.getBoolean("readme.update")) {
            Files.writeString(README, readme.substring(0, begin + BEGIN.length()) + "\n" + table() + "\n"
                    + readme.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(table(), written);
    }
}
