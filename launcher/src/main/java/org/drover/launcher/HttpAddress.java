package org.drover.launcher;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the agent's HTTP API listens, {@code HOST:PORT}; loopback by default,
 * so nothing off the node can reach it until an operator says so.
 */
record HttpAddress(String host, int port) {

    static final String DEFAULT = "127.0.0.1:4646";

    static HttpAddress parse(String text) throws LaunchException {
        int colon = text.lastIndexOf(':');
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (colon <= 0 || port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HttpAddress(text.substring(0, colon), port);
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new LaunchException("--http-addr: expected HOST:PORT, got \"" + text + "\"");
        }
    }

    boolean loopback() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    String url() {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
