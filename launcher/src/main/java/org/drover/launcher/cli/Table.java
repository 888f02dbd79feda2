package org.drover.launcher.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Columns aligned as Nomad's CLI prints them. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(Object... cells) {
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    void print(PrintWriter out) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** {@code Key = value} lines, the keys aligned. */
    static void pairs(PrintWriter out, String... keyValues) {
        int width = 0;
        for (int i = 0; i < keyValues.length; i += 2) {
            width = Math.max(width, keyValues[i].length());
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            out.printf("%-" + width + "s = %s%n", keyValues[i], keyValues[i + 1]);
        }
        out.flush();
    }

    static String shortId(String id) {
        return id.length() > 8 ? id.substring(0, 8) : id;
    }
}
