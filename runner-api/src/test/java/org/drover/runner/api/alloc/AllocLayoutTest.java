package org.drover.runner.api.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocLayoutTest {

    @TempDir
    Path tmp;

    @Test
    void aTaskHasNomadsDirectories() {
        TaskDir t = new AllocLayout(Path.of("/data/alloc")).task("a1", "web");
        assertEquals(Path.of("/data/alloc/a1"), t.allocDir());
        assertEquals(Path.of("/data/alloc/a1/web"), t.taskDir());
        assertEquals(Path.of("/data/alloc/a1/alloc"), t.sharedDir());
        assertEquals(Path.of("/data/alloc/a1/alloc/logs"), t.logDir());
        assertEquals(Path.of("/data/alloc/a1/alloc/data"), t.sharedDataDir());
        assertEquals(Path.of("/data/alloc/a1/alloc/tmp"), t.sharedTmpDir());
        assertEquals(List.of(Path.of("/data/alloc/a1/web/local"), Path.of("/data/alloc/a1/web/secrets"),
                Path.of("/data/alloc/a1/web/tmp")), t.ownDirs());
        assertEquals(Path.of("/data/alloc/a1/alloc/logs/web.stderr.3"), t.logFile("web", TaskDir.STDERR, 3));
        assertEquals("web.stdout", TaskDir.logPrefix("web", TaskDir.STDOUT));
    }

    @Test
    void theSandboxAndTheRelativeViewAreTheSameLayout() {
        assertEquals(Path.of("/alloc"), TaskDir.SANDBOX.sharedDir());
        assertEquals(Path.of("/alloc/logs"), TaskDir.SANDBOX.logDir());
        assertEquals(Path.of("/local"), TaskDir.SANDBOX.localDir());
        assertEquals(Path.of("/secrets"), TaskDir.SANDBOX.secretsDir());
        assertEquals(Path.of("alloc/logs"), TaskDir.relative("web").logDir());
        assertEquals(Path.of("web/secrets"), TaskDir.relative("web").secretsDir());
    }

    @Test
    void theRootComesFromTheFrameworkProperties() {
        assertEquals(Optional.of(new AllocLayout(Path.of("/a"))), AllocLayout.configured(
                Map.of(AllocLayout.ROOT_PROPERTY, "/a", AllocLayout.DATA_DIR_PROPERTY, "/d")::get));
        assertEquals(Optional.of(new AllocLayout(Path.of("/d/alloc"))), AllocLayout.configured(
                Map.of(AllocLayout.DATA_DIR_PROPERTY, "/d")::get));
        assertEquals(Optional.empty(), AllocLayout.configured(Map.<String, String>of()::get));
        assertEquals(Path.of("/d/alloc"), AllocLayout.under(Path.of("/d")).root());
    }

    @Test
    void createMakesEveryDirectoryWithItsMode() throws IOException {
        TaskDir t = new AllocLayout(tmp).task("a1", "web");
        t.create();
        t.create();
        for (Path d : List.of(t.logDir(), t.localDir(), t.tmpDir())) {
            assertTrue(Files.isDirectory(d), d.toString());
        }
        assertEquals(0700, mode(t.secretsDir()));
        assertEquals(0777, mode(t.sharedDataDir()));
        assertEquals(01777, mode(t.sharedTmpDir()));
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode") & 07777;
    }
}
