/**
 * Jobs on this node: the core's service that turns a submitted job into its
 * allocations (a group's {@code count} of them), replaces them when the job
 * changes, and stops them when the job is stopped.
 */
@Export
@Version("1.0.0")
package org.drover.runner.api.job;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
