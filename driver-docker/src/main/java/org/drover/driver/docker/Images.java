package org.drover.driver.docker;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import org.drover.driver.docker.engine.Engine;
import org.drover.runner.api.driver.DriverException;

/** Makes a task's image present: the local one when there is one, a pull when missing or forced. */
final class Images {

    private Images() {
    }

    /**
     * @param tell where "Downloading image" goes (the task's events, as Nomad reports it)
     * @throws DriverException recoverable, naming the image and the registry and quoting its answer
     */
    static void ensure(Engine engine, String image, boolean forcePull, Duration pullTimeout, Consumer<String> tell) {
        String ref = ContainerSpec.imageRef(image);
        try {
            if (!forcePull && engine.inspectImage(ref).isPresent()) {
                return;
            }
        } catch (IOException e) {
            throw DriverException.recoverable("cannot look up image " + ref + ": " + e.getMessage());
        }
        tell.accept("Downloading image " + ref);
        Reference r = Reference.parse(ref);
        try {
            engine.pull(r.repository(), r.tagOrDigest(), pullTimeout, status -> { });
            if (engine.inspectImage(ref).isEmpty()) {
                throw new IOException("the Engine reported success but has no image " + ref);
            }
        } catch (IOException e) {
            throw DriverException.recoverable("failed to pull image " + ref + " from registry " + r.registry()
                    + ": " + e.getMessage());
        }
    }

    /** An image reference split as a pull takes it, and the registry it comes from. */
    record Reference(String repository, String tagOrDigest, String registry) {
        static Reference parse(String ref) {
            int at = ref.indexOf('@');
            int colon = ref.lastIndexOf(':');
            String repository;
            String tag;
            if (at >= 0) {
                repository = ref.substring(0, at);
                tag = ref.substring(at + 1);
            } else if (colon > ref.lastIndexOf('/')) {
                repository = ref.substring(0, colon);
                tag = ref.substring(colon + 1);
            } else {
                repository = ref;
                tag = "latest";
            }
            int slash = repository.indexOf('/');
            String first = slash < 0 ? "" : repository.substring(0, slash);
            // Docker's rule: a first component with a dot or a port, or localhost, names a registry.
            boolean named = first.contains(".") || first.contains(":") || first.equals("localhost");
            return new Reference(repository, tag, named ? first : "docker.io");
        }
    }
}
