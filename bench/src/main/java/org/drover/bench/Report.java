package org.drover.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/benchmarks.md: one section per benchmark id, each stamped with its own
 * date and machine, replaced when that benchmark runs again and left alone
 * otherwise.
 */
final class Report {

    private static final String HEADER = """
            # Benchmarks

            Every figure is measured by `bench` against a baseline in the same run; see the README for the
            command. Each section says when and on what machine it was last measured.
            """;

    private final Path file;
    private final String machine;
    private final Map<String, String> sections = new LinkedHashMap<>();

    Report(Path file, String machine) {
        this.file = file;
        this.machine = machine;
    }

    void section(String id, String title, String body) {
        sections.put(id, "## " + id + " — " + title + "\n\nMeasured " + LocalDate.now(ZoneOffset.UTC) + " on "
                + machine + ".\n\n" + body.strip() + "\n");
    }

    boolean has(String id) {
        return sections.containsKey(id);
    }

    void write() throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : HEADER;
        for (Map.Entry<String, String> s : sections.entrySet()) {
            String block = "<!-- " + s.getKey() + " -->\n" + s.getValue() + "<!-- /" + s.getKey() + " -->\n";
            Pattern existing = Pattern.compile("<!-- " + s.getKey() + " -->\n.*?<!-- /" + s.getKey() + " -->\n",
                    Pattern.DOTALL);
            Matcher m = existing.matcher(text);
            text = m.find() ? m.replaceFirst(Matcher.quoteReplacement(block)) : text + "\n" + block;
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
