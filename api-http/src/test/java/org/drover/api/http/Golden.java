package org.drover.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Answers compared byte for byte with the files under
 * {@code src/test/resources/golden}. After a deliberate change of what the API
 * answers, {@code mvn -o -pl api-http -am test -Dtest=GoldenAnswersTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true} rewrites the
 * files from the answers; review their diff before committing it.
 */
final class Golden {

    private static final Path DIR = Path.of(System.getProperty("basedir", "."), "src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    private Golden() {
    }

    static void assertMatches(String name, byte[] actual) throws IOException {
        Path file = DIR.resolve(name);
        if (UPDATE) {
            Files.createDirectories(DIR);
            Files.write(file, actual);
            return;
        }
        assertTrue(Files.exists(file), file + " is missing: run with -Dgolden.update=true to write it");
        byte[] expected = Files.readAllBytes(file);
        // As text first, for a readable difference; then the bytes, which are what is pinned.
        assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8), name);
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(actual), name);
    }

    static void assertMatches(String name, String actual) throws IOException {
        assertMatches(name, actual.getBytes(StandardCharsets.UTF_8));
    }
}
