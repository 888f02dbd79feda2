package org.drover.runner.core.drivers;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.Fingerprint;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks every driver service in the registry, keyed by its {@value Driver#NAME_PROPERTY}.
 *
 * <p>The reference is dynamic and greedy: a static or reluctant multiple
 * reference would ignore drivers installed after the core started, and would
 * deactivate the core each time a driver bundle is updated. Callbacks only
 * update the table and complete futures; task runners react on their own
 * threads, never inside a DS callback.
 */
@Component(service = {DriverCatalog.class, DriverSource.class}, immediate = true)
public final class DriverRegistry implements DriverCatalog, DriverSource {

    private static final Logger LOG = LoggerFactory.getLogger(DriverRegistry.class);

    private final DriverTable<ServiceReference<Driver>> table = new DriverTable<>();
    private final Fingerprints fingerprints = new Fingerprints(Duration.ofSeconds(2), Duration.ofSeconds(1));

    @Reference(
            service = Driver.class,
            cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindDriver(ServiceReference<Driver> ref, Driver driver) {
        String name = nameOf(ref);
        if (name == null) {
            LOG.warn("Ignoring driver service {} from {}: it has no '{}' property",
                    ref.getProperty("service.id"), describe(ref.getBundle()), Driver.NAME_PROPERTY);
            return;
        }
        table.add(name, ref, driver);
        LOG.info("Driver {} available from bundle {}", name, describe(ref.getBundle()));
    }

    void unbindDriver(ServiceReference<Driver> ref, Driver driver) {
        String name = nameOf(ref);
        fingerprints.forget(driver);
        if (name != null && table.remove(name, ref)) {
            // The bundle may already be gone (uninstalled): describe it from the reference only.
            LOG.info("Driver {} gone (service {})", name, ref.getProperty("service.id"));
        }
    }

    @Override
    public Optional<Driver> find(String name) {
        return table.find(name);
    }

    @Override
    public SortedSet<String> names() {
        return table.names();
    }

    @Override
    public Optional<Fingerprint> fingerprint(String name) {
        return table.find(name).map(fingerprints::of);
    }

    @Deactivate
    void deactivate() {
        fingerprints.close();
    }

    @Override
    public CompletableFuture<Driver> whenAvailable(String name) {
        return table.whenAvailable(name);
    }

    @Override
    public CompletableFuture<Void> whenGone(Driver driver) {
        return table.whenGone(driver);
    }

    @Override
    public boolean isGone(Driver driver) {
        return table.isGone(driver);
    }

    private static String nameOf(ServiceReference<Driver> ref) {
        Object value = ref.getProperty(Driver.NAME_PROPERTY);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    static String describe(Bundle bundle) {
        if (bundle == null) {
            return "(unregistered)";
        }
        return bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId() + "]";
    }
}
