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
        f.put("yamldecode", Function.of(1, a -> YamlDecoding.decode(Values.string(a.get(0)))));
        CryptoFunctions.register(f);
        NetworkFunctions.register(f);
        TimeFunctions.register(f);
        FileFunctions.register(f, baseDir);
        return Map.copyOf(f);
    }
}
