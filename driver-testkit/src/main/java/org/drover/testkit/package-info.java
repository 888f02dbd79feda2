/**
 * Testing a Drover driver in a real Felix container with Pax Exam:
 * {@link org.drover.testkit.DroverTestKit} provisions the runtime,
 * {@link org.drover.testkit.DriverConformanceTest} checks a driver's contract.
 */
@Export
@Version("0.1.0")
package org.drover.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
