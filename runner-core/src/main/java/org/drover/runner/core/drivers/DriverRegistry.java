package org.drover.runner.core.drivers;

import java.util.Optional;
import java.util.SortedSet;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Component;
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
 * deactivate the core each time a driver bundle is updated.
 */
@Component(service = DriverCatalog.class, immediate = true)
public final class DriverRegistry implements DriverCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(DriverRegistry.class);

    private final DriverTable<ServiceReference<Driver>, Driver> table = new DriverTable<>();

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
