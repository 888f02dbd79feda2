/**
 * The rules Nomad's servers apply to a submitted job beyond the types of its fields: required values,
 * ranges, values that must agree with each other and blocks a job type may not have. They read the job's
 * API JSON leniently (a field of the wrong type is left to the reader's type checks) and report every
 * problem at once, each at its field.
 */
package org.drover.jobspec.rules;
