package org.drover.runner.core.network;

/** A CNI plugin, or the namespace it works on, failed: the message says which and why. */
public final class CniException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CniException(String message) {
        super(message);
    }
}
