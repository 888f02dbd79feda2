package org.drover.runner.core.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the node says of its bridge networking. */
class BridgeFingerprintTest {

    @TempDir
    Path tmp;

    @Test
    void eachExecutableOfTheCniPathIsAPluginTheFirstDirectoryWinning() throws Exception {
        Path first = Files.createDirectories(tmp.resolve("first"));
        Path second = Files.createDirectories(tmp.resolve("second"));
        script(first.resolve("bridge"), "echo 'CNI bridge plugin v1.4.0'");
        script(second.resolve("bridge"), "echo 'CNI bridge plugin v0.3.0'");
        script(second.resolve("portmap"), "echo 'CNI portmap plugin version unknown'");
        Files.writeString(second.resolve("README"), "not a plugin");
        assertEquals(Map.of("plugins.cni.version.bridge", "1.4.0", "plugins.cni.version.portmap", "unknown"),
                BridgeFingerprint.plugins(List.of(first, tmp.resolve("none"), second)));
    }

    @Test
    void aHostWithoutTheBridgeModuleHasNoBridgeNetwork() {
        assertEquals(Optional.of("failed to detect bridge kernel module"), BridgeFingerprint.missingForBridge(tmp));
    }

    private static void script(Path p, String body) throws Exception {
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
