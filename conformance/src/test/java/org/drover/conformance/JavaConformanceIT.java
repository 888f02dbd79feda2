package org.drover.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.drover.testkit.DriverConformanceTest;
import org.drover.testkit.DroverTestKit;

/** java keeps the driver contract, running the project's fixture program. */
public class JavaConformanceIT extends DriverConformanceTest {

    @Override
    protected String driverName() {
        return "java";
    }

    @Override
    protected String driverBundle() {
        return "org.drover.driver.java";
    }

    @Override
    protected String[] bundles() {
        return new String[] {"driver-java"};
    }

    /** The fixture jar, where the task's user (nobody) can read it. */
    private String jar() {
        Path target = Path.of(context.getProperty("drover.data.dir"), "echo.jar");
        try {
            if (!Files.exists(target)) {
                Files.copy(DroverTestKit.onClassPath("fixture-java-app"), target, StandardCopyOption.REPLACE_EXISTING);
                target.toFile().setReadable(true, false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target.toString();
    }

    @Override
    protected Map<String, Object> exitsAfter(Duration runFor, int exitCode) {
        return Map.of("jar_path", jar(), "args", List.of("--sleep-ms", Long.toString(runFor.toMillis()), "--exit",
                Integer.toString(exitCode)));
    }

    @Override
    protected Map<String, Object> ignoresInterrupt() {
        return Map.of("jar_path", jar(), "args", List.of("--ignore-int", "--sleep-ms", "3600000"));
    }
}
