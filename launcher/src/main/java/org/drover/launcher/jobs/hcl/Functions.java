package org.drover.launcher.jobs.hcl;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The functions a job file may call: Nomad's jobspec library (cty's standard
 * functions and go-cty-funcs), with the filesystem ones the command line
 * allows. try, can and convert are the evaluator's own, as they take
 * expressions rather than values.
 */
final class Functions {

    private Functions() {
    }

    static Map<String, Function> forJobFile(Path baseDir) {
        Map<String, Function> f = new HashMap<>();
        StringFunctions.register(f);
        CollectionFunctions.register(f);
        NumberFunctions.register(f);
        EncodingFunctions.register(f);
        f.put("yamlencode", Function.of(1, a -> YamlEncoding.encode(a.get(0))));
        f.put("yamldecode", unavailable("yamldecode", "use jsondecode"));
        CryptoFunctions.register(f);
        NetworkFunctions.register(f);
        TimeFunctions.register(f);
        FileFunctions.register(f, baseDir);
        return Map.copyOf(f);
    }

    /** A function of Nomad's library that Drover does not have: calling it says so, and what to use. */
    static Function unavailable(String name, String instead) {
        return args -> {
            throw new Values.Problem(name + " is not available in Drover's job file reader; " + instead);
        };
    }
}
