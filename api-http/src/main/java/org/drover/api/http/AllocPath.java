package org.drover.api.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside an allocation directory, as names to look up one at a time: never a {@code ..}
 * and never a {@code /} in a name, so the file system itself resolves nothing but single names.
 * A leading {@code /} is the allocation directory, and {@code ..} is applied to the names before
 * any lookup, as Nomad does (it joins the path onto the allocation directory and cleans it); a
 * {@code ..} that would climb out of the allocation is refused, as Nomad refuses it ("Path escapes
 * the alloc directory").
 *
 * @param names the names from the allocation directory down, none empty, {@code .} or {@code ..}
 * @param shown the path as the caller wrote it, for messages
 */
record AllocPath(List<String> names, String shown) {

    /** Linux's NAME_MAX and PATH_MAX: a longer name or path is one no file has. */
    static final int NAME_MAX = 255;
    static final int PATH_MAX = 4096;

    AllocPath {
        names = List.copyOf(names);
    }

    /** The {@code path} parameter of a request. */
    static AllocPath parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw ApiError.badRequest("path: required, relative to the allocation directory");
        }
        if (raw.indexOf('\0') >= 0) {
            throw ApiError.badRequest("path: contains a NUL byte, which no file name can");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > PATH_MAX) {
            throw ApiError.badRequest("path: longer than " + PATH_MAX + " bytes, the longest path this system takes");
        }
        List<String> names = new ArrayList<>();
        for (String name : raw.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (!name.equals("..")) {
                names.add(checked(name, raw));
            } else if (names.isEmpty()) {
                throw new ApiError(403, "path: \"" + raw + "\" is outside the allocation directory");
            } else {
                names.remove(names.size() - 1);
            }
        }
        return new AllocPath(names, raw);
    }

    /** A path the API builds itself (a log file's), held to the same rules. */
    static AllocPath of(String... names) {
        String shown = String.join("/", names);
        for (String name : names) {
            if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                    || name.indexOf('\0') >= 0) {
                throw ApiError.badRequest("\"" + shown + "\" is not a path inside the allocation directory");
            }
            checked(name, shown);
        }
        return new AllocPath(List.of(names), shown);
    }

    private static String checked(String name, String raw) {
        if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
            throw ApiError.badRequest("path: the name \"" + name.substring(0, 40) + "…\" is longer than " + NAME_MAX
                    + " bytes, the longest file name this system takes");
        }
        try {
            Path.of(name);
        } catch (InvalidPathException e) {
            throw ApiError.badRequest("path: \"" + raw + "\" cannot be a file name on this system (" + e.getReason()
                    + ")");
        }
        return name;
    }

    AllocPath child(String name) {
        List<String> more = new ArrayList<>(names);
        more.add(checked(name, shown + "/" + name));
        return new AllocPath(more, shown + "/" + name);
    }

    /** The first {@code n} names, as a path written the same way. */
    String prefix(int n) {
        return String.join("/", names.subList(0, n));
    }
}
