/**
 * Process supervision shared by the drivers that run OS processes (raw_exec,
 * exec, java), and a library for third-party process drivers: a per-task
 * native monitor, exit watching, stats, cgroups and task users. A driver
 * extends {@link org.drover.driver.process.MonitoredDriver} (or
 * {@link org.drover.driver.process.IsolatedDriver} for exec's isolation) and
 * starts a {@link org.drover.driver.process.Command}; the rest is internal.
 * Not a bundle of its own: bnd copies this package privately into each driver
 * bundle that uses it ({@code -conditionalpackage}), so every driver can be
 * updated alone. See docs/process-drivers.md.
 */
@Version("1.0.0")
package org.drover.driver.process;

import org.osgi.annotation.versioning.Version;
