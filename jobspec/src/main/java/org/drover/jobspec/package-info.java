/**
 * Jobs as Nomad's API writes them (JSON, PascalCase keys, durations in
 * nanoseconds) read into Drover's model, with every problem reported at its
 * field, and what Drover does not support reported as warnings (or errors,
 * when strict).
 */
package org.drover.jobspec;
