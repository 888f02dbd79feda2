package org.drover.driver.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The monitor executable, copied out of the bundle into the data dir under a
 * name that carries its content hash: running monitors keep their file when a
 * new driver version brings another, and the copy outlives the bundle.
 */
final class MonitorBinary {

    /** Beside this class, so that it travels with the package into each driver bundle. */
    static final String RESOURCE = "drover-monitor-linux-" + System.getProperty("os.arch");

    private MonitorBinary() {
    }

    /** The installed monitor, or empty with the reason when this build or platform has none. */
    static Path install(Path binDir) throws IOException {
        byte[] bytes;
        try (InputStream in = MonitorBinary.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException("this build has no monitor for " + System.getProperty("os.name") + "/"
                        + System.getProperty("os.arch") + " (was a C compiler present when it was built?)");
            }
            bytes = in.readAllBytes();
        }
        Path target = binDir.resolve("drover-monitor-" + sha256(bytes).substring(0, 16));
        if (Files.isExecutable(target) && Files.size(target) == bytes.length) {
            return target;
        }
        Files.createDirectories(binDir);
        Path tmp = Files.createTempFile(binDir, "drover-monitor", ".tmp");
        Files.write(tmp, bytes);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
