package io.vigil.ops.sink;

import io.vigil.core.alert.AlertSink;
import io.vigil.core.alert.AlertView;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes each alert as one JSON line. Flushes when the engine goes idle and on close.
 * <p>
 * Thread contract: called by the alert collector thread only.
 */
public final class JsonLinesAlertSink implements AlertSink
{
    private final OutputStream out;
    private final byte[] scratch = new byte[io.vigil.core.alert.AlertDescriptor.MAX_JSON_LENGTH + 1];

    /**
     * @param out where to write; closed with the sink.
     */
    public JsonLinesAlertSink(final OutputStream out)
    {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    /**
     * @param path file to create or truncate.
     * @return a sink writing to it.
     * @throws IOException if it cannot be created.
     */
    public static JsonLinesAlertSink create(final Path path) throws IOException
    {
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        return new JsonLinesAlertSink(Files.newOutputStream(path));
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        final int length = alert.jsonLength();
        alert.buffer().getBytes(alert.jsonOffset(), scratch, 0, length);
        scratch[length] = '\n';
        try
        {
            out.write(scratch, 0, length + 1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void onIdle()
    {
        try
        {
            out.flush();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close()
    {
        try
        {
            out.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
