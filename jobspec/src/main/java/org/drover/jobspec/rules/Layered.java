package org.drover.jobspec.rules;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A block as Nomad merges it before validating: a group's {@code Update}, {@code ReschedulePolicy} or
 * {@code Migrate} field wins over the job's, which wins over the default. A problem is reported at the
 * level that set the field, or at the group's block when neither did.
 */
final class Layered {

    private final List<Obj> layers;
    private final String path;

    /** {@code layers} most specific first; absent ones are null. */
    Layered(String path, Obj... layers) {
        this.layers = new ArrayList<>();
        for (Obj o : layers) {
            if (o != null) {
                this.layers.add(o);
            }
        }
        this.path = path;
    }

    boolean present() {
        return !layers.isEmpty();
    }

    /** Where the block's field is set; the first level's path when no level sets it. */
    String at(String key) {
        for (Obj o : layers) {
            if (o.has(key)) {
                return o.at(key);
            }
        }
        return path + "." + key;
    }

    /** The path of the most specific level present. */
    String path() {
        return layers.isEmpty() ? path : layers.get(0).path();
    }

    private Obj setting(String key) {
        return layers.stream().filter(o -> o.has(key)).findFirst().orElse(null);
    }

    Duration duration(String key, Duration fallback) {
        Obj o = setting(key);
        return o == null ? fallback : Objects.requireNonNullElse(o.duration(key), fallback);
    }

    long integer(String key, long fallback) {
        Obj o = setting(key);
        return o == null ? fallback : o.integer(key, fallback);
    }

    String str(String key, String fallback) {
        Obj o = setting(key);
        return o == null ? fallback : o.str(key, fallback);
    }

    boolean bool(String key, boolean fallback) {
        Obj o = setting(key);
        Boolean b = o == null ? null : o.bool(key);
        return b == null ? fallback : b;
    }
}
