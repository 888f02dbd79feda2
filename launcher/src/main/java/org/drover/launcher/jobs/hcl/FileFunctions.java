package org.drover.launcher.jobs.hcl;

import static org.drover.launcher.jobs.hcl.Function.of;
import static org.drover.launcher.jobs.hcl.Values.string;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The filesystem functions the command line allows (Nomad's AllowFS). Relative
 * paths given to file, filebase64, fileexists and fileset are taken from the
 * job file's directory, as Nomad's BaseDir; abspath resolves against the
 * working directory, and basename and dirname only work on the text.
 */
final class FileFunctions {

    private FileFunctions() {
    }

    static void register(Map<String, Function> f, Path baseDir) {
        f.put("file", of(1, a -> {
            byte[] bytes = read(resolve(baseDir, string(a.get(0))), string(a.get(0)));
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new Values.Problem("contents of " + string(a.get(0)) + " are not valid UTF-8; use the"
                        + " filebase64 function to obtain the Base64 encoded contents");
            }
        }));
        f.put("filebase64", of(1, a -> Base64.getEncoder().encodeToString(read(resolve(baseDir, string(a.get(0))),
                string(a.get(0))))));
        f.put("fileexists", of(1, a -> {
            Path p = resolve(baseDir, string(a.get(0)));
            if (Files.isDirectory(p)) {
                throw new Values.Problem(string(a.get(0)) + " is a directory, not a regular file");
            }
            return Files.isRegularFile(p);
        }));
        f.put("fileset", of(2, a -> fileset(resolve(baseDir, string(a.get(0))), string(a.get(1)))));
        f.put("abspath", of(1, a -> Path.of(string(a.get(0))).toAbsolutePath().normalize().toString()));
        f.put("basename", of(1, a -> basename(string(a.get(0)))));
        f.put("dirname", of(1, a -> dirname(string(a.get(0)))));
        f.put("pathexpand", of(1, a -> expandHome(string(a.get(0)))));
    }

    private static String expandHome(String p) {
        if (p.equals("~") || p.startsWith("~/")) {
            return System.getProperty("user.home") + p.substring(1);
        }
        return p;
    }

    private static Path resolve(Path baseDir, String p) {
        Path path = Path.of(expandHome(p));
        return path.isAbsolute() ? path : baseDir.resolve(path);
    }

    private static byte[] read(Path p, String written) {
        try {
            return Files.readAllBytes(p);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new Values.Problem("no file exists at " + written);
        } catch (IOException e) {
            throw new Values.Problem("failed to read " + written + ": " + e.getMessage());
        }
    }

    /** Go's filepath.Base: the last element, trailing slashes dropped; "." for an empty path. */
    static String basename(String p) {
        if (p.isEmpty()) {
            return ".";
        }
        String s = p.replaceAll("/+$", "");
        if (s.isEmpty()) {
            return "/";
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }

    /** Go's filepath.Dir: all but the last element, cleaned; "." when there is none. */
    static String dirname(String p) {
        int slash = p.lastIndexOf('/');
        String dir = slash < 0 ? "" : p.substring(0, slash + 1);
        String cleaned = Path.of(dir.isEmpty() ? "." : dir).normalize().toString();
        return cleaned.isEmpty() ? "." : cleaned;
    }

    /** A leading {@code **}/ also matches no directory at all, as in Go's doublestar (Java's glob needs one). */
    private static List<Object> fileset(Path root, String pattern) {
        PathMatcher full = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        PathMatcher top = pattern.startsWith("**/")
                ? FileSystems.getDefault().getPathMatcher("glob:" + pattern.substring(3)) : full;
        PathMatcher m = p -> full.matches(p) || top.matches(p);
        List<Object> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).map(root::relativize).filter(m::matches)
                    .map(p -> p.toString().replace('\\', '/')).sorted().forEach(out::add);
        } catch (IOException e) {
            throw new Values.Problem("failed to glob pattern " + pattern + ": " + e.getMessage());
        }
        return out;
    }
}
