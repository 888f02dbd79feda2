package org.drover.runner.core.network;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.drover.runner.api.driver.Driver;
import org.drover.runner.api.driver.DriverNetworkManager;
import org.drover.runner.api.model.Allocation;
import org.drover.runner.api.model.Task;
import org.drover.runner.core.drivers.DriverSource;

/**
 * The driver that makes an allocation's namespace: the first of its tasks' drivers that is a
 * {@link DriverNetworkManager}, in task order as Nomad takes them. A driver not registered yet (an
 * agent starting, a driver reloading) is waited for a while: taking the hook's own namespace in its
 * place would leave its tasks unable to join.
 */
public final class NetworkInitiators implements Function<Allocation, Optional<DriverNetworkManager>> {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final DriverSource drivers;

    public NetworkInitiators(DriverSource drivers) {
        this.drivers = drivers;
    }

    @Override
    public Optional<DriverNetworkManager> apply(Allocation alloc) {
        for (Task t : alloc.taskGroup().tasks()) {
            Optional<Driver> d = drivers.find(t.driver()).or(() -> awaited(t.driver()));
            if (d.isPresent() && d.get() instanceof DriverNetworkManager m) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private Optional<Driver> awaited(String name) {
        var future = drivers.whenAvailable(name);
        try {
            return Optional.of(future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            future.cancel(false);
            return Optional.empty();
        } catch (InterruptedException e) {
            future.cancel(false);
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
