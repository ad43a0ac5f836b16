package io.vigil.ops.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines from a stream with a limit on line length, so a client cannot make the server buffer an
 * endless line. {@code \n} ends a line; a {@code \r} before it is dropped.
 * <p>
 * Thread contract: one thread.
 */
final class LineReader
{
    /** A line longer than the limit. */
    static final class LineTooLong extends IOException
    {
        private static final long serialVersionUID = 1L;

        LineTooLong(final int limit)
        {
            super("line longer than the limit of " + limit + " bytes (server.max-line-bytes)");
        }
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[8192];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private int position;
    private int limit;

    LineReader(final InputStream in, final int maxBytes)
    {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** @return the next line without its end, or null at the end of the stream. */
    String next() throws IOException
    {
        line.reset();
        boolean any = false;
        while (true)
        {
            if (position == limit)
            {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0)
                {
                    limit = 0;
                    return any ? text() : null;
                }
            }
            any = true;
            final int start = position;
            while (position < limit && buffer[position] != '\n')
            {
                position++;
            }
            line.write(buffer, start, position - start);
            if (line.size() > maxBytes)
            {
                throw new LineTooLong(maxBytes);
            }
            if (position < limit)
            {
                position++;
                return text();
            }
        }
    }

    private String text()
    {
        final byte[] bytes = line.toByteArray();
        final int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
