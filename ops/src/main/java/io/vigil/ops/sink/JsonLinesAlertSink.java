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
 * Writes each alert as one JSON line (or, made with {@link #lateEvents(Path)}, each late-event record). Flushes
 * when the engine goes idle and on close.
 * <p>
 * Thread contract: called by the alert collector thread only.
 */
public final class JsonLinesAlertSink implements AlertSink
{
    private final Path path;
    private final boolean late;
    private OutputStream out;
    private final byte[] scratch = new byte[io.vigil.core.alert.AlertDescriptor.MAX_JSON_LENGTH + 1];

    /**
     * @param out where to write; closed with the sink.
     */
    public JsonLinesAlertSink(final OutputStream out)
    {
        this.out = new BufferedOutputStream(out, 1 << 16);
        this.path = null;
        this.late = false;
    }

    private JsonLinesAlertSink(final Path path)
    {
        this.path = path;
        this.late = true;
    }

    /**
     * @param path file for late-event records, created (or truncated) when the first one arrives.
     * @return a sink that writes late-event records and ignores alerts.
     */
    public static JsonLinesAlertSink lateEvents(final Path path)
    {
        return new JsonLinesAlertSink(path);
    }

    /** @return the late-event file if one was written, else null. */
    public Path writtenLateFile()
    {
        return late && out != null ? path : null;
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

    /**
     * @param path file to append to, created if missing (a run resumed after a crash adds to what it wrote).
     * @return a sink appending to it.
     * @throws IOException if it cannot be opened.
     */
    public static JsonLinesAlertSink append(final Path path) throws IOException
    {
        final Path parent = path.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        return new JsonLinesAlertSink(Files.newOutputStream(path, java.nio.file.StandardOpenOption.CREATE,
            java.nio.file.StandardOpenOption.APPEND));
    }

    @Override
    public void onAlert(final AlertView alert)
    {
        if (!late)
        {
            write(alert);
        }
    }

    @Override
    public void onLateEvent(final AlertView lateEvent)
    {
        if (late)
        {
            if (out == null)
            {
                try
                {
                    out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
            write(lateEvent);
        }
    }

    private void write(final AlertView alert)
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
        if (out == null)
        {
            return;
        }
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
        if (out == null)
        {
            return;
        }
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
