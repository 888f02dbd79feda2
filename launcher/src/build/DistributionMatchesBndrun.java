import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails the build unless the distribution's bundles/ holds exactly the -runbundles of the resolved
 * bndrun: the resolver proves that set complete, and the launcher installs whatever bundles/ holds,
 * so a bundle the resolution does not need, or one it needs but the distribution lacks, would make
 * the agent run something other than what was checked.
 *
 * <p>Run by the build as a single-file program: {@code java DistributionMatchesBndrun.java BNDRUN DIR}.
 */
final class DistributionMatchesBndrun {

    /** One -runbundles entry: {@code bsn;version='[low,high)'}, as bnd writes it. */
    private static final Pattern ENTRY = Pattern.compile(
            "\\s*([^;\\s]+)\\s*;\\s*version\\s*=\\s*'?([\\[(])([^,]+),([^\\])]+)([\\])])'?\\s*");

    private record Range(String low, boolean lowInclusive, String high, boolean highInclusive) {

        boolean contains(String version) {
            int fromLow = compare(version, low);
            int toHigh = compare(version, high);
            return (lowInclusive ? fromLow >= 0 : fromLow > 0) && (highInclusive ? toHigh <= 0 : toHigh < 0);
        }

        @Override
        public String toString() {
            return (lowInclusive ? "[" : "(") + low + "," + high + (highInclusive ? "]" : ")");
        }
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: java DistributionMatchesBndrun.java BNDRUN BUNDLES_DIR");
            System.exit(2);
        }
        List<String> problems;
        try {
            problems = compare(runBundles(Path.of(args[0])), distribution(Path.of(args[1])));
        } catch (IOException | IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!problems.isEmpty()) {
            System.err.println("The distribution's bundles differ from " + args[0] + " -runbundles:");
            problems.forEach(p -> System.err.println("  " + p));
            System.exit(1);
        }
    }

    private static List<String> compare(Map<String, Range> wanted, Map<String, String> present) {
        List<String> problems = new ArrayList<>();
        wanted.forEach((bsn, range) -> {
            String version = present.get(bsn);
            if (version == null) {
                problems.add("missing " + bsn + " " + range);
            } else if (!range.contains(version)) {
                problems.add(bsn + " " + version + " is outside " + range);
            }
        });
        present.forEach((bsn, version) -> {
            if (!wanted.containsKey(bsn)) {
                problems.add("not in -runbundles: " + bsn + " " + version);
            }
        });
        return problems;
    }

    private static Map<String, Range> runBundles(Path bndrun) throws IOException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(bndrun)) {
            props.load(in);
        }
        String value = props.getProperty("-runbundles");
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(bndrun + " has no -runbundles: resolve it first");
        }
        Map<String, Range> bundles = new TreeMap<>();
        for (String entry : splitEntries(value)) {
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalStateException(bndrun + ": cannot read the -runbundles entry " + entry);
            }
            bundles.put(m.group(1), new Range(m.group(3).trim(), m.group(2).equals("["), m.group(4).trim(),
                    m.group(5).equals("]")));
        }
        return bundles;
    }

    /** Splits at the commas between entries, not those inside a quoted version range. */
    private static List<String> splitEntries(String value) {
        List<String> entries = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : value.toCharArray()) {
            if (c == '\'' || c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                entries.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.toString().isBlank()) {
            entries.add(current.toString());
        }
        return entries;
    }

    private static Map<String, String> distribution(Path dir) throws IOException {
        Map<String, String> bundles = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    Attributes main = file.getManifest() == null ? new Attributes() : file.getManifest().getMainAttributes();
                    String bsn = main.getValue("Bundle-SymbolicName");
                    if (bsn == null) {
                        throw new IllegalStateException(jar + " is not a bundle");
                    }
                    String version = main.getValue("Bundle-Version");
                    bundles.put(bsn.split(";", 2)[0].trim(), version == null ? "0.0.0" : version.trim());
                }
            }
        }
        return bundles;
    }

    /** OSGi version order: major, minor, micro numerically, then the qualifier as text. */
    private static int compare(String a, String b) {
        String[] x = a.split("\\.", 4);
        String[] y = b.split("\\.", 4);
        for (int i = 0; i < 3; i++) {
            int c = Integer.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return (x.length > 3 ? x[3] : "").compareTo(y.length > 3 ? y[3] : "");
    }

    private static int part(String[] parts, int i) {
        return i < parts.length ? Integer.parseInt(parts[i]) : 0;
    }
}
