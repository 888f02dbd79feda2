package org.drover.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AllocFiles} on the real file system: links, pipes, devices, hard links and names. */
class AllocFilesTest {

    static final String ALLOC = "4b1e2c3d-0000-4000-8000-000000000001";

    @TempDir
    Path tmp;
    Path allocDir;
    Path secret;
    AllocFiles files;

    @BeforeEach
    void layOut() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("data/alloc"));
        allocDir = Files.createDirectories(root.resolve(ALLOC));
        Files.createDirectories(allocDir.resolve("alloc/logs"));
        Files.createDirectories(allocDir.resolve("t/local"));
        Files.createDirectories(allocDir.resolve("t/secrets"));
        Files.writeString(allocDir.resolve("t/local/note"), "inside\n");
        Files.writeString(allocDir.resolve("t/secrets/key"), "key\n");
        secret = Files.writeString(tmp.resolve("secret"), "outside-secret\n");
        files = new AllocFiles(root, ALLOC, Set.of("t"), new FileOpener());
    }

    String read(String path) throws IOException {
        try (SeekableByteChannel c = files.open(AllocPath.parse(path))) {
            return new String(Channels.newInputStream(c).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    ApiError refused(String path) {
        return assertThrows(ApiError.class, () -> read(path), path);
    }

    static void sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).inheritIO().start();
        assertEquals(0, p.waitFor(), script);
    }

    @Test
    void aRegularFileIsReadAndDotDotInsideIsResolvedByName() throws Exception {
        assertEquals("inside\n", read("t/local/note"));
        assertEquals("inside\n", read("/t/./local//note"));
        assertEquals("inside\n", read("t/secrets/../local/note"));
    }

    @Test
    void aLinkIsNeverFollowedWhereverItIs() throws Exception {
        Files.createSymbolicLink(allocDir.resolve("alloc/logs/t.stdout.1"), secret);
        Files.createSymbolicLink(allocDir.resolve("t/local/etc"), tmp);
        Files.createSymbolicLink(allocDir.resolve("t/local/same"), allocDir.resolve("t/local/note"));
        ApiError file = refused("alloc/logs/t.stdout.1");
        assertEquals(403, file.status());
        assertEquals("path: \"alloc/logs/t.stdout.1\" is a symbolic link, and links are never followed",
                file.getMessage());
        ApiError dir = refused("t/local/etc/secret");
        assertEquals(403, dir.status());
        assertEquals("path: \"t/local/etc/secret\" passes through a symbolic link, \"t/local/etc\", and links are"
                + " never followed", dir.getMessage());
        assertEquals(403, refused("t/local/same").status(), "a link that stays inside is not followed either");
    }

    @Test
    void climbingOutIsRefusedBeforeAnyLookup() {
        ApiError up = assertThrows(ApiError.class, () -> AllocPath.parse("t/../../" + ALLOC + "/t/local/note"));
        assertEquals(403, up.status());
        assertEquals("path: \"t/../../" + ALLOC + "/t/local/note\" is outside the allocation directory",
                up.getMessage());
        assertEquals(404, refused("/secret").status(), "an absolute path is read inside the allocation");
    }

    @Test
    void aNamedPipeIsRefusedWithoutBeingOpened() throws Exception {
        sh("mkfifo " + allocDir.resolve("alloc/logs/t.stdout.0"));
        ApiError e = refused("alloc/logs/t.stdout.0");
        assertEquals(403, e.status());
        assertEquals("path: \"alloc/logs/t.stdout.0\" is not a regular file (a named pipe, a socket or a device);"
                + " only regular files are served", e.getMessage());
        assertEquals(AllocFiles.Kind.SPECIAL, files.kind(AllocPath.of("alloc", "logs", "t.stdout.0")));
    }

    @Test
    void aDeviceNodeIsRefused() throws Exception { // mknod: the suite runs as root, as DiskFullIT does
        sh("mknod " + allocDir.resolve("t/local/zero") + " c 1 5");
        assertEquals(403, refused("t/local/zero").status());
    }

    @Test
    void aHardLinkIsRefusedForItsOtherNameMayBeOutside() throws Exception {
        Files.createLink(allocDir.resolve("t/local/linked"), secret);
        ApiError e = refused("t/local/linked");
        assertEquals(403, e.status());
        assertEquals("path: \"t/local/linked\" has 2 hard links, and another name of it may be outside the"
                + " allocation; it is not served", e.getMessage());
        Files.delete(secret);
        assertEquals("outside-secret\n", read("t/local/linked"), "with its other name gone, it is the allocation's");
    }

    @Test
    void directoriesMissingFilesSecretsAndBadNames() {
        ApiError dir = refused("t/local");
        assertEquals(400, dir.status());
        assertEquals("path: \"t/local\" is a directory", dir.getMessage());
        ApiError missing = refused("t/local/none");
        assertEquals(404, missing.status());
        assertEquals("path: no file \"t/local/none\" in the allocation directory", missing.getMessage());
        assertEquals(404, refused("t/local/note/under").status(), "a file is no directory");
        ApiError secrets = refused("t/secrets/key");
        assertEquals(403, secrets.status());
        assertEquals("Reading secret file prohibited: t/secrets/key", secrets.getMessage());
        assertEquals(400, refused("t/local/a\0b").status());
        assertEquals(400, refused("t/" + "n".repeat(256)).status());
        assertEquals(400, refused("t/" + "d/".repeat(2100)).status());
        assertEquals(400, refused("").status());
    }

    @Test
    void oddNamesThatAreFilesAreRead() throws Exception {
        for (String name : new String[] {"with space", "ünïcødé-名前", "100%", "n".repeat(255), "-dash", "new\nline"}) {
            Files.writeString(allocDir.resolve("t/local").resolve(name), name);
            assertEquals(name, read("t/local/" + name), name);
        }
    }

    @Test
    void theAllocationsOwnDirectoryMayNotBeALink() throws Exception {
        Path root = tmp.resolve("data/alloc");
        String other = "4b1e2c3d-0000-4000-8000-000000000002";
        Files.createSymbolicLink(root.resolve(other), allocDir);
        AllocFiles linked = new AllocFiles(root, other, Set.of("t"), new FileOpener());
        ApiError e = assertThrows(ApiError.class, () -> linked.open(AllocPath.parse("t/local/note")));
        assertEquals(403, e.status());
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    }
}
