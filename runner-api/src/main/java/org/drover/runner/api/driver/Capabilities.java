package org.drover.runner.api.driver;

/**
 * What a driver can do beyond starting and stopping tasks.
 *
 * @param sendSignals  whether {@link Driver#signalTask} works
 * @param exec         whether {@link Driver#execTask} works
 * @param fsIsolation  how the task sees the file system
 */
public record Capabilities(boolean sendSignals, boolean exec, FsIsolation fsIsolation) {

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
