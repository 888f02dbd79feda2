/**
 * Nomad's job specification as data: each stanza, its fields' names in a job file and in the API's
 * JSON, what they hold, and which of them Drover acts on. The job-file reader and the API reader
 * both walk it, so the two cannot disagree about a field.
 */
package org.drover.jobspec.schema;
