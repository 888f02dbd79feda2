package org.drover.launcher.jobs.hcl;

import java.util.List;

/** A function job files may call; a bad argument is a {@link Values.Problem} naming it. */
@FunctionalInterface
interface Function {

    Object call(List<Object> args);

    /** Checks the number of arguments: at least {@code min}, at most {@code max} (-1: any). */
    static void arity(List<Object> args, int min, int max) {
        if (args.size() < min || (max >= 0 && args.size() > max)) {
            String want = min == max ? String.valueOf(min) : max < 0 ? "at least " + min : min + " to " + max;
            throw new Values.Problem("takes " + want + " argument" + (max == 1 && min == 1 ? "" : "s") + ", got "
                    + args.size());
        }
    }

    static Function of(int n, java.util.function.Function<List<Object>, Object> body) {
        return args -> {
            arity(args, n, n);
            return body.apply(args);
        };
    }
}
