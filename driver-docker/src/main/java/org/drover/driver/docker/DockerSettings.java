package org.drover.driver.docker;

import java.net.URI;
import java.time.Duration;

import org.drover.runner.api.model.GoDuration;

/**
 * The operator's settings of the docker driver (ConfigAdmin PID
 * {@value DockerDriver#PID}). What could give a task the node
 * (privileged containers, the host's network, host paths outside the
 * allocation) is off until an operator turns it on.
 *
 * @param endpoint          the Engine API, {@code unix:///var/run/docker.sock} or {@code tcp://host:port}
 * @param allowPrivileged   {@code allow_privileged}: may tasks set {@code privileged}
 * @param allowHostNetwork  {@code allow_host_network}: may tasks set {@code network_mode = "host"}
 * @param volumesEnabled    {@code volumes_enabled}: may tasks mount host paths outside their allocation, and named volumes
 * @param gcGrace           {@code gc_grace}: how long a container of this node that no task tracks is left before removal
 * @param pullTimeout       {@code pull_timeout}: the longest an image pull may take
 * @param apiTimeout        {@code api_timeout}: the longest any other Engine call may take
 * @param infraImage        {@code infra_image}: the image of the pause container that holds an allocation's
 *                          network namespace; it must run until it is killed
 */
record DockerSettings(URI endpoint, boolean allowPrivileged, boolean allowHostNetwork, boolean volumesEnabled,
        Duration gcGrace, Duration pullTimeout, Duration apiTimeout, String infraImage) {

    static final String DEFAULT_ENDPOINT = "unix:///var/run/docker.sock";
    /** Nomad's default {@code infra_image}. */
    static final String DEFAULT_INFRA_IMAGE = "registry.k8s.io/pause-amd64:3.3";

    static DockerSettings defaults() {
        return new DockerSettings(URI.create(DEFAULT_ENDPOINT), false, false, false, Duration.ofMinutes(5),
                Duration.ofMinutes(5), Duration.ofMinutes(1), DEFAULT_INFRA_IMAGE);
    }

    static DockerSettings of(DockerDriver.Config c) {
        return new DockerSettings(URI.create(c.endpoint()), c.allow__privileged(), c.allow__host__network(),
                c.volumes__enabled(), GoDuration.parse(c.gc__grace()), GoDuration.parse(c.pull__timeout()),
                GoDuration.parse(c.api__timeout()), c.infra__image());
    }

    DockerSettings withEndpoint(URI e) {
        return new DockerSettings(e, allowPrivileged, allowHostNetwork, volumesEnabled, gcGrace, pullTimeout,
                apiTimeout, infraImage);
    }

    DockerSettings withGcGrace(Duration grace) {
        return new DockerSettings(endpoint, allowPrivileged, allowHostNetwork, volumesEnabled, grace, pullTimeout,
                apiTimeout, infraImage);
    }

    DockerSettings withInfraImage(String image) {
        return new DockerSettings(endpoint, allowPrivileged, allowHostNetwork, volumesEnabled, gcGrace, pullTimeout,
                apiTimeout, image);
    }

    DockerSettings allowing(boolean privileged, boolean hostNetwork, boolean volumes) {
        return new DockerSettings(endpoint, privileged, hostNetwork, volumes, gcGrace, pullTimeout, apiTimeout,
                infraImage);
    }

    /** The refusal of {@code field}, naming the setting that would allow it. */
    static String refusal(String what, String setting) {
        return what + " is disabled on this node; an operator enables it with " + setting + " = true in the"
                + " configuration " + DockerDriver.PID;
    }
}
