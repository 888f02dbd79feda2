package org.drover.runner.api.driver;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where a driver tells a task's history something worth a person's attention
 * (a heap chosen for it, an image being pulled). Registered by the core as an
 * OSGi service; a driver references it optionally and dynamically, and loses
 * nothing but the message when it is absent.
 *
 * <p>The core records each message as a {@code Driver} event of the task, in
 * the order received; a message sent during {@link Driver#startTask} comes
 * before the task's {@code Started} event.
 */
@ProviderType
public interface DriverEvents {

    /**
     * @param taskId  the run's ID, {@link TaskConfig#id()}
     * @param message the text shown in the event
     */
    void message(String taskId, String message);
}
