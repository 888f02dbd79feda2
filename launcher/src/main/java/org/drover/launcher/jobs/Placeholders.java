package org.drover.launcher.jobs;

/**
 * hcl4j evaluates {@code ${…}} while parsing and turns a reference it does not
 * know into a bare word; Nomad leaves {@code ${NOMAD_ALLOC_ID}} and the like
 * for the client to fill in. Escaping every {@code ${} not already escaped
 * before the parse, and undoing it in every string after, keeps them.
 */
final class Placeholders {

    private Placeholders() {
    }

    static String escape(String hcl) {
        StringBuilder out = new StringBuilder(hcl.length() + 16);
        for (int i = 0; i < hcl.length(); i++) {
            char c = hcl.charAt(i);
            if (c == '$' && i + 1 < hcl.length() && hcl.charAt(i + 1) == '{' && (i == 0 || hcl.charAt(i - 1) != '$')) {
                out.append('$');
            }
            out.append(c);
        }
        return out.toString();
    }

    static String unescape(String value) {
        return value.replace("$${", "${");
    }
}
