package io.vigil.ops.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads events of every kind (transactions, profiles, account events, reference entries) from JSON Lines (one
 * JSON object per line), parses each into a scratch flyweight and hands it on. A bad line stops the read ({@link OnError#FAIL}, the default) or is counted and written to a
 * rejects file with its line number and error ({@link OnError#SKIP}): nothing is lost without a word.
 * Blank lines are ignored.
 * <p>
 * Thread contract: single-threaded.
 */
public final class JsonLinesReader implements AutoCloseable
{
    /**
     * Receives each accepted transaction.
     */
    @FunctionalInterface
    public interface Consumer
    {
        /**
         * @param tx valid only during the call; copy it (e.g. into a ring slot).
         */
        void accept(TransactionFlyweight tx);
    }

    private final BufferedReader reader;
    private final OnError onError;
    private final Path rejectsPath;
    private final TransactionJsonParser parser = new TransactionJsonParser();
    private final TransactionFlyweight scratch = new TransactionFlyweight()
        .wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    private OutputStream rejectsOut;
    private JsonGenerator rejects;
    private long lines;
    private long accepted;
    private long rejected;

    /**
     * @param input       JSON Lines, UTF-8.
     * @param onError     what to do with a bad line.
     * @param rejectsPath where skipped lines go (created on the first one); required with {@link OnError#SKIP}.
     */
    public JsonLinesReader(final InputStream input, final OnError onError, final Path rejectsPath)
    {
        if (onError == OnError.SKIP && rejectsPath == null)
        {
            throw new IllegalArgumentException("--on-error skip needs a rejects file");
        }
        this.reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16);
        this.onError = onError;
        this.rejectsPath = rejectsPath;
    }

    /**
     * @param input       a JSON Lines file.
     * @param onError     what to do with a bad line.
     * @param rejectsPath where skipped lines go.
     * @return a reader.
     * @throws IOException if the file cannot be opened.
     */
    public static JsonLinesReader open(final Path input, final OnError onError, final Path rejectsPath)
        throws IOException
    {
        return new JsonLinesReader(Files.newInputStream(input), onError, rejectsPath);
    }

    /**
     * Reads up to {@code maxLines} more lines.
     *
     * @param consumer receives each accepted transaction.
     * @param maxLines most lines to read in this call.
     * @return whether there may be more input.
     * @throws InputException with the line number, for a bad line under {@link OnError#FAIL}.
     * @throws IOException    if reading or writing rejects fails.
     */
    public boolean read(final Consumer consumer, final int maxLines) throws InputException, IOException
    {
        for (int i = 0; i < maxLines; i++)
        {
            final String line = reader.readLine();
            if (line == null)
            {
                return false;
            }
            lines++;
            if (line.isBlank())
            {
                continue;
            }
            try
            {
                parser.parse(line, scratch);
            }
            catch (final InputException ex)
            {
                final InputException located = ex.atLine(lines);
                if (onError == OnError.FAIL)
                {
                    throw located;
                }
                reject(located, line);
                continue;
            }
            accepted++;
            consumer.accept(scratch);
        }
        return true;
    }

    private void reject(final InputException error, final String line) throws IOException
    {
        rejected++;
        if (rejects == null)
        {
            rejectsOut = Files.newOutputStream(rejectsPath);
            rejects = new JsonFactory().createGenerator(rejectsOut);
            rejects.setRootValueSeparator(null);
        }
        rejects.writeStartObject();
        rejects.writeNumberField("line", error.line());
        if (error.field() != null)
        {
            rejects.writeStringField("field", error.field());
        }
        rejects.writeStringField("error", error.getMessage());
        rejects.writeStringField("input", line);
        rejects.writeEndObject();
        rejects.writeRaw('\n');
    }

    /** @return lines read, blank ones included. */
    public long lines()
    {
        return lines;
    }

    /** @return transactions accepted. */
    public long accepted()
    {
        return accepted;
    }

    /** @return lines rejected (only under {@link OnError#SKIP}). */
    public long rejected()
    {
        return rejected;
    }

    /** @return where rejected lines were written, or null if none was. */
    public Path rejectsPath()
    {
        return rejects == null ? null : rejectsPath;
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            reader.close();
        }
        finally
        {
            if (rejects != null)
            {
                rejects.close();
                rejectsOut.close();
            }
        }
    }
}
