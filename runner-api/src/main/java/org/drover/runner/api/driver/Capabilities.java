package org.drover.runner.api.driver;

/**
 * What a driver can do beyond starting and stopping tasks.
 *
 * @param sendSignals  whether {@link Driver#signalTask} works
 * @param exec         whether {@link Driver#execTask} works
 * @param fsIsolation  how the task sees the file system
 * @param networkModes the network isolation its tasks can run in (Nomad's {@code NetIsolationModes})
 */
public record Capabilities(boolean sendSignals, boolean exec, FsIsolation fsIsolation,
        java.util.Set<NetworkMode> networkModes) {

    public Capabilities {
        java.util.Objects.requireNonNull(fsIsolation, "fsIsolation");
        networkModes = java.util.Set.copyOf(networkModes);
    }

    /** A driver whose tasks run in the host's network only. */
    public Capabilities(boolean sendSignals, boolean exec, FsIsolation fsIsolation) {
        this(sendSignals, exec, fsIsolation, java.util.Set.of(NetworkMode.HOST));
    }

    /** Nomad's network isolation modes. */
    public enum NetworkMode {
        /** The host's network. */
        HOST,
        /** The allocation's namespace, shared by its tasks ({@code bridge} and {@code cni/*} group networks). */
        GROUP,
        /** A namespace per task. */
        TASK,
        /** No network. */
        NONE
    }

    /** Nomad's file system isolation levels. */
    public enum FsIsolation {
        /** The host's file system; paths in the environment are host paths. */
        NONE,
        /** A chroot built from the task directory; paths are /alloc, /local, /secrets. */
        CHROOT,
        /** A container image; paths are /alloc, /local, /secrets. */
        IMAGE
    }
}
