package org.drover.launcher.jobs.hcl;

import static org.drover.launcher.jobs.hcl.Function.of;
import static org.drover.launcher.jobs.hcl.Values.string;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;

/** Hashes, UUIDs and RSA decryption from the JDK; bcrypt from a library, as the JDK has none. */
final class CryptoFunctions {

    private static final Map<String, String> UUID_NAMESPACES = Map.of("dns", "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
            "url", "6ba7b811-9dad-11d1-80b4-00c04fd430c8", "oid", "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
            "x500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8");

    private CryptoFunctions() {
    }

    static void register(Map<String, Function> f) {
        f.put("md5", of(1, a -> hex("MD5", string(a.get(0)))));
        f.put("sha1", of(1, a -> hex("SHA-1", string(a.get(0)))));
        f.put("sha256", of(1, a -> hex("SHA-256", string(a.get(0)))));
        f.put("sha512", of(1, a -> hex("SHA-512", string(a.get(0)))));
        f.put("uuidv4", of(0, a -> UUID.randomUUID().toString()));
        f.put("uuidv5", of(2, a -> uuidv5(string(a.get(0)), string(a.get(1)))));
        f.put("bcrypt", CryptoFunctions::bcrypt);
        f.put("rsadecrypt", of(2, a -> rsadecrypt(string(a.get(0)), string(a.get(1)))));
    }

    /** Go's bcrypt: version 2a, cost 10 unless given, 4 to 31, and at most 72 bytes of input. */
    private static String bcrypt(java.util.List<Object> args) {
        Function.arity(args, 1, 2);
        byte[] in = string(args.get(0)).getBytes(StandardCharsets.UTF_8);
        int cost = 10;
        if (args.size() == 2) {
            try {
                cost = Values.number(args.get(1)).intValueExact();
            } catch (ArithmeticException e) {
                throw new Values.Problem("value must be a whole number");
            }
        }
        if (cost < 4 || cost > 31) {
            throw new Values.Problem("error occured generating password crypto/bcrypt: cost " + cost
                    + " is outside allowed range (4,31)");
        }
        if (in.length > 72) {
            throw new Values.Problem("error occured generating password bcrypt: password length exceeds 72 bytes");
        }
        return new String(at.favre.lib.crypto.bcrypt.BCrypt.with(at.favre.lib.crypto.bcrypt.BCrypt.Version.VERSION_2A)
                .hash(cost, in), StandardCharsets.UTF_8);
    }

    private static byte[] digest(String algorithm, byte[] in) {
        try {
            return MessageDigest.getInstance(algorithm).digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new Values.Problem(algorithm + " is not available: " + e.getMessage());
        }
    }

    private static String hex(String algorithm, String s) {
        return HexFormat.of().formatHex(digest(algorithm, s.getBytes(StandardCharsets.UTF_8)));
    }

    /** RFC 4122 version 5: SHA-1 of the namespace's bytes and the name. */
    private static String uuidv5(String namespace, String name) {
        String ns = UUID_NAMESPACES.getOrDefault(namespace, namespace);
        UUID id;
        try {
            id = UUID.fromString(ns);
        } catch (IllegalArgumentException e) {
            throw new Values.Problem("uuidv5() doesn't support namespace " + namespace);
        }
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16);
        b.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
        in.writeBytes(b.array());
        in.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        byte[] h = digest("SHA-1", in.toByteArray());
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        java.nio.ByteBuffer out = java.nio.ByteBuffer.wrap(h, 0, 16);
        return new UUID(out.getLong(), out.getLong()).toString();
    }

    /** PKCS #1 v1.5 decryption with a PEM key, PKCS #1 ("RSA PRIVATE KEY") or PKCS #8 ("PRIVATE KEY"). */
    private static String rsadecrypt(String ciphertext, String pem) {
        byte[] data;
        try {
            data = Base64.getDecoder().decode(ciphertext);
        } catch (IllegalArgumentException e) {
            throw new Values.Problem("failed to decode input \"" + ciphertext + "\": cipher text must be base64-encoded");
        }
        boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(body);
            byte[] pkcs8 = pkcs1 ? pkcs8(der) : der;
            Cipher c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            c.init(Cipher.DECRYPT_MODE, KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
            return new String(c.doFinal(data), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new Values.Problem("failed to decrypt: " + e.getMessage());
        }
    }

    /** A PKCS #1 RSA key wrapped as PKCS #8, the form the JDK reads. */
    private static byte[] pkcs8(byte[] pkcs1) {
        byte[] algorithm = HexFormat.of().parseHex("300d06092a864886f70d0101010500");
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        inner.writeBytes(new byte[] {0x02, 0x01, 0x00});
        inner.writeBytes(algorithm);
        inner.writeBytes(tagged(0x04, pkcs1));
        return tagged(0x30, inner.toByteArray());
    }

    private static byte[] tagged(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = content.length;
        if (n < 128) {
            out.write(n);
        } else {
            byte[] len = java.math.BigInteger.valueOf(n).toByteArray();
            int skip = len[0] == 0 ? 1 : 0;
            out.write(0x80 | (len.length - skip));
            out.write(len, skip, len.length - skip);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
