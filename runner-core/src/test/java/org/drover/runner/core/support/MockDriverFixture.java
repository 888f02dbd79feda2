package org.drover.runner.core.support;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test whose every case gets a fresh {@link Harness}, in its own directory, with the mock driver registered. */
public abstract class MockDriverFixture {

    @TempDir
    protected Path tmp;

    protected Harness h;

    @BeforeEach
    protected final void setUpHarness() {
        h = new Harness(tmp);
        h.addDriver();
    }
}
