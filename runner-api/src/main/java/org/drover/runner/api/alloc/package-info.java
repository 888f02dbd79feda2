/**
 * Running allocations: the core's service for submitting, watching and
 * stopping allocations on this node.
 */
@Export
@Version("0.4.0")
package org.drover.runner.api.alloc;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
