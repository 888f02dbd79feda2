package org.drover.runner.api.alloc;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where the allocations' directories are, Nomad's layout under one root:
 * <pre>
 * &lt;root&gt;/&lt;allocID&gt;/alloc/{logs,tmp,data}      shared by the group's tasks
 * &lt;root&gt;/&lt;allocID&gt;/&lt;task&gt;/{local,secrets,tmp} the task's own (secrets 0700)
 * </pre>
 * The core makes the directories, the drivers run tasks in them, the store keeps files beside
 * them and the API serves them; all of them find the root and the directories here, so no two can
 * disagree about where a task's files are. {@link TaskDir} has one task's directories.
 *
 * @param root the directory holding every allocation's directory
 */
public record AllocLayout(Path root) {

    /** The framework property naming the root; the agent sets it. */
    public static final String ROOT_PROPERTY = "drover.alloc.dir";
    /** The framework property naming the agent's data dir, whose {@code alloc} is the root when not said. */
    public static final String DATA_DIR_PROPERTY = "drover.data.dir";

    public AllocLayout {
        Objects.requireNonNull(root, "root");
    }

    /** The layout of an agent whose data dir is {@code dataDir}: the root is its {@code alloc}. */
    public static AllocLayout under(Path dataDir) {
        return new AllocLayout(dataDir.resolve("alloc"));
    }

    /**
     * The layout the framework properties give ({@code property} is, say,
     * {@code BundleContext::getProperty}): {@value #ROOT_PROPERTY}, else the {@code alloc} of
     * {@value #DATA_DIR_PROPERTY}; empty when neither is set.
     */
    public static Optional<AllocLayout> configured(Function<String, String> property) {
        String root = property.apply(ROOT_PROPERTY);
        if (root != null) {
            return Optional.of(new AllocLayout(Path.of(root)));
        }
        return Optional.ofNullable(property.apply(DATA_DIR_PROPERTY)).map(data -> under(Path.of(data)));
    }

    /** The directory of one allocation. */
    public Path allocDir(String allocId) {
        return root.resolve(allocId);
    }

    /** The directories of one task of an allocation. */
    public TaskDir task(String allocId, String task) {
        return TaskDir.of(allocDir(allocId), task);
    }
}
