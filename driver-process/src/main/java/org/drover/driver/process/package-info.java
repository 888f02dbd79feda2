/**
 * Process supervision shared by the drivers that run OS processes (raw_exec,
 * exec, java): a per-task native monitor, exit watching, stats, cgroups and
 * task users. Not a bundle of its own: bnd copies this package privately into
 * each driver bundle that uses it, so every driver can be updated alone.
 */
package org.drover.driver.process;
