package org.drover.runner.core.node;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code unique.network.ip-address}: as Nomad's client picks it without a {@code network_interface},
 * the first IPv4 address of the interface the default route leaves by; else of the first other
 * interface that is up; else the loopback address.
 */
final class NetworkAddress {

    private NetworkAddress() {
    }

    static String of(HostFiles files) {
        Optional<String> viaRoute = defaultRouteInterface(files).flatMap(NetworkAddress::interfaceByName)
                .flatMap(NetworkAddress::ipv4);
        return viaRoute.or(NetworkAddress::firstUp).orElse("127.0.0.1");
    }

    /** The interface of the first route to {@code 0.0.0.0/0} in {@code /proc/net/route}. */
    static Optional<String> defaultRouteInterface(HostFiles files) {
        List<String> lines = files.lines("/proc/net/route");
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 7 && f[1].equals("00000000") && f[7].equals("00000000")) {
                return Optional.of(f[0]);
            }
        }
        return Optional.empty();
    }

    private static Optional<NetworkInterface> interfaceByName(String name) {
        try {
            return Optional.ofNullable(NetworkInterface.getByName(name));
        } catch (SocketException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> ipv4(NetworkInterface nic) {
        return Collections.list(nic.getInetAddresses()).stream().filter(a -> a instanceof Inet4Address)
                .map(InetAddress::getHostAddress).findFirst();
    }

    private static Optional<String> firstUp() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (nic.isUp() && !nic.isLoopback()) {
                    Optional<String> ip = ipv4(nic);
                    if (ip.isPresent()) {
                        return ip;
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces to look at: the loopback address it is
        }
        return Optional.empty();
    }
}
