/**
 * This node's fingerprint as Nomad's client takes it: the host's kernel, OS, CPU, memory, disk
 * and address, the drivers' health and attributes, and the operator's placement settings.
 */
package org.drover.runner.core.node;
