/** This node's fingerprint: its attributes, metadata, placement settings and the host ports it gives allocations. */
@Export
@Version("0.2.0")
package org.drover.runner.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
