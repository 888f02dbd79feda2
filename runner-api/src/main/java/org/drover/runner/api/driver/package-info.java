/**
 * The driver contract: what a driver bundle registers and what the core offers
 * back. A driver is an OSGi service of type {@link org.drover.runner.api.driver.Driver}
 * with the service property {@value org.drover.runner.api.driver.Driver#NAME_PROPERTY};
 * the core tracks drivers dynamically, so they may come and go at any time.
 */
@Export
@Version("1.2.0")
package org.drover.runner.api.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
