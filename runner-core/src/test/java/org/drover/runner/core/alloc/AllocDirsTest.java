package org.drover.runner.core.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A collected allocation's directory goes, and nothing its tasks linked to goes with it. */
class AllocDirsTest {

    @TempDir
    Path tmp;

    @Test
    void theTreeIsDeletedAndTheLinksInItAreDeletedAsLinks() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("host"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep me");
        Path alloc = Files.createDirectories(tmp.resolve("alloc-1/t/local/deep/er"));
        Files.writeString(alloc.resolve("file"), "x");
        Files.createSymbolicLink(tmp.resolve("alloc-1/t/local/to-dir"), outside);
        Files.createSymbolicLink(tmp.resolve("alloc-1/t/local/to-file"), precious);
        Path deep = tmp.resolve("alloc-1");
        for (int i = 0; i < 300; i++) {
            deep = Files.createDirectories(deep.resolve("d"));
        }

        AllocDirs.delete(tmp.resolve("alloc-1"));

        assertFalse(Files.exists(tmp.resolve("alloc-1"), LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.isDirectory(outside));
        assertEquals("keep me", Files.readString(precious));
    }

    @Test
    void aDirectoryThatIsNotThereIsNoError() {
        AllocDirs.delete(tmp.resolve("never-made"));
        assertFalse(Files.exists(tmp.resolve("never-made")));
    }
}
