/**
 * The task model, with Nomad's semantics: jobs, groups, tasks and their
 * policies as submitted, allocations as placed on this node, and the state and
 * events of each task as the runner records them. Immutable values throughout.
 */
@Export
@Version("0.5.0")
package org.drover.runner.api.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
