/**
 * The state-store contract: what the core persists so that tasks survive a
 * driver reload and an agent crash. Provided by a store bundle (state-mapdb);
 * every put is durable when it returns.
 */
@Export
@Version("0.7.0")
package org.drover.runner.api.state;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
