package org.drover.runner.api.state;

/**
 * How the state store's commits have gone since it opened: what the agent's
 * metrics report.
 *
 * @param commits    commits made (each makes a batch of changes durable)
 * @param changes    changes committed
 * @param totalNanos time spent in commits
 * @param maxNanos   the longest commit
 */
public record CommitStats(long commits, long changes, long totalNanos, long maxNanos) {
    public static final CommitStats NONE = new CommitStats(0, 0, 0, 0);
}
