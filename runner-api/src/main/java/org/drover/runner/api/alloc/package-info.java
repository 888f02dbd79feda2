/**
 * Running allocations: the core's service for submitting, watching and
 * stopping allocations on this node, and where their directories are
 * ({@link org.drover.runner.api.alloc.AllocLayout}).
 */
@Export
@Version("0.6.0")
package org.drover.runner.api.alloc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
