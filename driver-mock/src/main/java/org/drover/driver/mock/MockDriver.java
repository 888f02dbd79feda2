package org.drover.driver.mock;

import java.util.Map;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverInfo;
import org.drover.runner.api.driver.Fingerprint;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code mock} driver: runs no process, only plays back what a task asks
 * for. Tests use it to drive the runner and to exercise driver hot-deploy.
 */
@Component(property = Driver.NAME_PROPERTY + "=" + MockDriver.NAME)
public final class MockDriver implements Driver {

    static final String NAME = "mock";

    private final DriverInfo info;

    @Activate
    public MockDriver(BundleContext context) {
        this.info = new DriverInfo(NAME, context.getBundle().getVersion().toString());
    }

    @Override
    public DriverInfo info() {
        return info;
    }

    @Override
    public Fingerprint fingerprint() {
        return Fingerprint.healthy(Map.of("driver.mock", "1"));
    }
}
