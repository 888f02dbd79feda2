package org.drover.driver.docker.engine;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 exchange with the Docker Engine, over its Unix socket or TCP:
 * a request, then a response whose body is read as a stream (de-chunked), so
 * that long answers (logs, pulls, an exec's output) are consumed as they come.
 * One connection per exchange ({@code Connection: close}): the Engine's
 * streaming and hijacked endpoints end by closing it anyway.
 */
final class HttpConnection implements AutoCloseable {

    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;

    private HttpConnection(SocketChannel channel) {
        this.channel = channel;
        this.in = new BufferedInputStream(Channels.newInputStream(channel), 16 * 1024);
        this.out = Channels.newOutputStream(channel);
    }

    /** {@code unix:///var/run/docker.sock} or {@code tcp://host:port}. */
    static HttpConnection open(URI endpoint) throws IOException {
        SocketChannel channel = switch (endpoint.getScheme()) {
            case "unix" -> {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    c.connect(UnixDomainSocketAddress.of(endpoint.getPath()));
                } catch (IOException e) {
                    c.close();
                    throw e;
                }
                yield c;
            }
            case "tcp", "http" -> SocketChannel.open(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
            default -> throw new IOException("unsupported Docker endpoint " + endpoint + " (use unix:// or tcp://)");
        };
        return new HttpConnection(channel);
    }

    /** The status and headers of a response; its body is {@link #body()}. */
    record Head(int status, Map<String, String> headers) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    Head send(String method, String path, String contentType, byte[] body) throws IOException {
        StringBuilder req = new StringBuilder().append(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: docker\r\nUser-Agent: drover\r\nConnection: close\r\n");
        if (body != null) {
            req.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(body.length)
                    .append("\r\n");
        }
        req.append("\r\n");
        out.write(req.toString().getBytes(StandardCharsets.US_ASCII));
        if (body != null) {
            out.write(body);
        }
        out.flush();
        return readHead();
    }

    private Head readHead() throws IOException {
        String status = line();
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response from the Docker Engine: " + status);
        }
        Map<String, String> headers = new HashMap<>();
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
        }
        return new Head(Integer.parseInt(parts[1]), headers);
    }

    /** The body of the response just read, as framed by its headers. */
    InputStream body(Head head) {
        if ("chunked".equalsIgnoreCase(head.headers().getOrDefault("transfer-encoding", ""))) {
            return new Chunked(in);
        }
        String length = head.headers().get("content-length");
        return length == null ? in : new Limited(in, Long.parseLong(length));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the Docker Engine closed the connection");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** A body with a Content-Length. */
    private static final class Limited extends FilterInputStream {
        private long left;

        Limited(InputStream in, long length) {
            super(in);
            this.left = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }

    /** A chunked body, de-chunked. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        /**
         * A read of nothing returns at once: {@code readNBytes} ends with one, and waiting here
         * for the next chunk would hold a followed log's last line until the container writes again.
         */
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            if (left == 0) {
                left = nextChunkSize();
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new EOFException("chunked body cut short");
            }
            left -= n;
            if (left == 0) {
                crlf();
            }
            return n;
        }

        private long nextChunkSize() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new EOFException("chunked body cut short");
                }
                if (c != '\r') {
                    s.append((char) c);
                }
            }
            int semi = s.indexOf(";");
            return Long.parseLong((semi >= 0 ? s.substring(0, semi) : s.toString()).trim(), 16);
        }

        private void crlf() throws IOException {
            int c = in.read();
            if (c == '\r') {
                c = in.read();
            }
            if (c != '\n') {
                throw new IOException("malformed chunk end");
            }
        }
    }
}
