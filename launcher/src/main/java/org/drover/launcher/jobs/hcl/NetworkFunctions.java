package org.drover.launcher.jobs.hcl;

import static org.drover.launcher.jobs.hcl.Function.of;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** cty's cidr functions, on IPv4 and IPv6 prefixes as plain arithmetic on the address. */
final class NetworkFunctions {

    private NetworkFunctions() {
    }

    /** A network: its address with the host bits cleared, its prefix length and its address size in bits. */
    record Prefix(BigInteger address, int length, int bits) {
        static Prefix parse(String s) {
            int slash = s.indexOf('/');
            if (slash < 0) {
                throw new Values.Problem("invalid CIDR expression: invalid CIDR address: " + s);
            }
            byte[] ip = ip(s.substring(0, slash), s);
            int length;
            try {
                length = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                length = -1;
            }
            int bits = ip.length * 8;
            if (length < 0 || length > bits) {
                throw new Values.Problem("invalid CIDR expression: invalid CIDR address: " + s);
            }
            return new Prefix(new BigInteger(1, ip).and(mask(length, bits)), length, bits);
        }

        BigInteger hostMask() {
            return BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
        }

        String text() {
            return format(address, bits) + "/" + length;
        }
    }

    static void register(Map<String, Function> f) {
        f.put("cidrhost", of(2, a -> {
            Prefix p = Prefix.parse(Values.string(a.get(0)));
            BigInteger host = Values.number(a.get(1)).toBigIntegerExact();
            BigInteger size = BigInteger.ONE.shiftLeft(p.bits() - p.length());
            BigInteger n = host.signum() < 0 ? size.add(host) : host;
            if (n.signum() < 0 || n.compareTo(size) >= 0) {
                throw new Values.Problem("prefix of " + p.length() + " does not accommodate a host numbered " + host);
            }
            return format(p.address().add(n), p.bits());
        }));
        f.put("cidrnetmask", of(1, a -> {
            Prefix p = Prefix.parse(Values.string(a.get(0)));
            if (p.bits() != 32) {
                throw new Values.Problem("only IPv4 networks are supported");
            }
            return format(mask(p.length(), 32), 32);
        }));
        f.put("cidrsubnet", of(3, a -> {
            Prefix p = Prefix.parse(Values.string(a.get(0)));
            int newbits = Values.integer(a.get(1));
            BigInteger num = Values.number(a.get(2)).toBigIntegerExact();
            int length = p.length() + newbits;
            if (length > p.bits()) {
                throw new Values.Problem("insufficient address space to extend prefix of " + p.length() + " by "
                        + newbits);
            }
            if (num.signum() < 0 || num.bitLength() > newbits) {
                throw new Values.Problem("prefix extension of " + newbits + " does not accommodate a subnet numbered "
                        + num);
            }
            return new Prefix(p.address().or(num.shiftLeft(p.bits() - length)), length, p.bits()).text();
        }));
        f.put("cidrsubnets", args -> {
            Function.arity(args, 1, -1);
            return subnets(Prefix.parse(Values.string(args.get(0))), args.subList(1, args.size()));
        });
    }

    /** Consecutive subnets of the given extra lengths, each after the one before, as cty allocates them. */
    private static List<Object> subnets(Prefix p, List<Object> newbits) {
        List<Object> out = new ArrayList<>();
        if (newbits.isEmpty()) {
            return out;
        }
        BigInteger full = BigInteger.ONE.shiftLeft(p.bits());
        int first = p.length() + Values.integer(newbits.get(0));
        BigInteger current = p.address().subtract(BigInteger.ONE).mod(full).and(mask(first, p.bits()));
        int currentLength = first;
        for (Object nb : newbits) {
            int length = p.length() + Values.integer(nb);
            if (Values.integer(nb) < 1 || length > p.bits()) {
                throw new Values.Problem("may not extend prefix of " + p.length() + " by " + Values.integer(nb));
            }
            BigInteger last = current.or(hostMask(currentLength, p.bits()));
            BigInteger subnetLast = last.and(mask(length, p.bits())).or(hostMask(length, p.bits()));
            BigInteger next = subnetLast.add(BigInteger.ONE);
            if (next.compareTo(full) >= 0 || !next.and(mask(p.length(), p.bits())).equals(p.address())) {
                throw new Values.Problem("not enough remaining address space for a subnet with a prefix of " + length
                        + " bits after " + new Prefix(current, currentLength, p.bits()).text());
            }
            current = next;
            currentLength = length;
            out.add(new Prefix(current, length, p.bits()).text());
        }
        return out;
    }

    private static BigInteger mask(int length, int bits) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).xor(hostMask(length, bits));
    }

    private static BigInteger hostMask(int length, int bits) {
        return BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
    }

    private static byte[] ip(String s, String whole) {
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            byte[] out = new byte[4];
            String[] parts = s.split("\\.");
            for (int i = 0; i < 4; i++) {
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    throw new Values.Problem("invalid CIDR expression: invalid CIDR address: " + whole);
                }
                out[i] = (byte) v;
            }
            return out;
        }
        if (s.contains(":") && s.matches("[0-9a-fA-F:.]+")) {
            try {
                byte[] b = java.net.InetAddress.getByName(s).getAddress();
                if (b.length == 16) {
                    return b;
                }
            } catch (java.net.UnknownHostException e) {
                throw new Values.Problem("invalid CIDR expression: invalid CIDR address: " + whole);
            }
        }
        throw new Values.Problem("invalid CIDR expression: invalid CIDR address: " + whole);
    }

    /** Dotted quad, or IPv6 with its longest run of zero groups written {@code ::} (RFC 5952), as Go prints them. */
    static String format(BigInteger address, int bits) {
        if (bits == 32) {
            long v = address.longValue();
            return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = address.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8;) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
