package org.drover.api.http;

import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverCatalog;
import org.drover.runner.api.driver.DriverInfo;
import org.drover.runner.api.driver.Fingerprint;
import org.drover.runner.api.driver.TaskConfigSchema;

/** Drivers that describe themselves and nothing more: the API reads names, versions, schemas and health. */
final class FakeDrivers implements DriverCatalog {

    private final Map<String, Described> drivers = new TreeMap<>();

    void add(String name, String version, TaskConfigSchema schema, Fingerprint fingerprint) {
        drivers.put(name, new Described(new DriverInfo(name, version), schema, fingerprint));
    }

    @Override
    public Optional<Driver> find(String name) {
        return Optional.ofNullable(drivers.get(name)).map(Described::asDriver);
    }

    @Override
    public SortedSet<String> names() {
        return new TreeSet<>(drivers.keySet());
    }

    @Override
    public Optional<Fingerprint> fingerprint(String name) {
        return Optional.ofNullable(drivers.get(name)).map(Described::fingerprint);
    }

    /** A driver as the API sees it: its name, version, schema and health; any other call fails. */
    private record Described(DriverInfo info, TaskConfigSchema taskConfigSchema, Fingerprint fingerprint) {

        Driver asDriver() {
            return Partial.of(Driver.class, this);
        }
    }
}
