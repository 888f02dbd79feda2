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

    /**
     * Fails at once, in one line, when the address cannot be listened on: before the framework
     * starts and the core restores tasks for an agent that would then have no API. The API bundle
     * binds again, and says so if it loses a race for the port meanwhile.
     */
    void checkFree() throws LaunchException {
        InetAddress ip;
        try {
            ip = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw cannotListen(this, "unknown host " + host);
        }
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true); // as the API's server binds: a port in TIME_WAIT is free
            s.bind(new java.net.InetSocketAddress(ip, port), 1);
        } catch (java.io.IOException e) {
            throw cannotListen(this, e.getMessage());
        }
    }

    static LaunchException cannotListen(HttpAddress http, String cause) {
        String remedy = cause.contains("already in use") ? "stop what listens there (another agent?) or pass"
                + " another --http-addr" : "pass an address of this node to --http-addr";
        return new LaunchException("cannot listen on " + http.host() + ":" + http.port() + ": " + cause + "; "
                + remedy);
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
