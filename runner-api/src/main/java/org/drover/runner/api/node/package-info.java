/** This node's fingerprint: its attributes, metadata and placement settings. */
@Export
@Version("0.1.0")
package org.drover.runner.api.node;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
