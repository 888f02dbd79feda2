package org.drover.driver.docker.engine;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the Engine's multiplexed stream (logs and exec output of a container
 * without a TTY): frames of an 8-byte header (stream 1 = stdout, 2 = stderr,
 * then a big-endian length) and their payload.
 */
public final class Frames {

    public static final int STDOUT = 1;
    public static final int STDERR = 2;

    private final InputStream in;

    public Frames(InputStream in) {
        this.in = in;
    }

    /** One frame. */
    public record Frame(int stream, byte[] payload) {
    }

    /** The next frame, or null at the end of the stream. */
    public Frame next() throws IOException {
        byte[] header = in.readNBytes(8);
        if (header.length == 0) {
            return null;
        }
        if (header.length < 8) {
            throw new EOFException("truncated frame header");
        }
        int length = ((header[4] & 0xff) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                | (header[7] & 0xff);
        byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new EOFException("truncated frame");
        }
        return new Frame(header[0], payload);
    }
}
