package io.vigil.ops.generate;

import io.vigil.core.event.Currencies;
import io.vigil.core.event.TransactionDescriptor;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.ops.ingest.EventJsonWriter;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes transactions as JSON Lines, one object per line, in the form the ingest reads:
 * <pre>
 * {"id":"tx-0000000001","ts":1767571201234,"card":"card-00000042","account":"acct-00000037",
 *  "merchant":"m-0000123","mcc":5411,"amount":12.30,"currency":"EUR","country":"FR","lat":48.853210,
 *  "lon":2.349870,"channel":"contactless","status":"approved"}
 * </pre>
 * (on one line). {@code amount} is a JSON number with exactly the currency's decimals, written from minor units
 * (never through a double); {@code lat}/{@code lon} carry six decimals and are omitted when absent (both, if either
 * is); {@code device} and {@code ip} are omitted when empty. Lines end with {@code \n}.
 * <p>
 * Output is buffered here and written in blocks of about 64 KiB; {@link #close()} flushes and closes the stream.
 * One thread.
 */
public final class TransactionJsonWriter implements Flushable, Closeable
{
    private static final int BLOCK = 64 * 1024;
    private static final byte[] ID = ascii("{\"id\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] CARD = ascii(",\"card\":");
    private static final byte[] ACCOUNT = ascii(",\"account\":");
    private static final byte[] MERCHANT = ascii(",\"merchant\":");
    private static final byte[] MCC = ascii(",\"mcc\":");
    private static final byte[] AMOUNT = ascii(",\"amount\":");
    private static final byte[] CURRENCY = ascii(",\"currency\":");
    private static final byte[] COUNTRY = ascii(",\"country\":");
    private static final byte[] LAT = ascii(",\"lat\":");
    private static final byte[] LON = ascii(",\"lon\":");
    private static final byte[] CHANNEL = ascii(",\"channel\":");
    private static final byte[] DEVICE = ascii(",\"device\":");
    private static final byte[] IP = ascii(",\"ip\":");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] END = ascii("}\n");

    private final OutputStream out;
    private final JsonBytes buffer;
    private final EventJsonWriter eventWriter = new EventJsonWriter();
    private final TransactionFlyweight scratch = new TransactionFlyweight()
        .wrap(new UnsafeBuffer(new byte[TransactionDescriptor.ENCODED_LENGTH]), 0);
    private String lastCurrency = "";
    private int lastExponent;
    private long lines;

    /**
     * @param out destination; written in large blocks, so it need not be buffered.
     */
    public TransactionJsonWriter(final OutputStream out)
    {
        this(out, BLOCK + 4096);
    }

    private TransactionJsonWriter(final OutputStream out, final int capacity)
    {
        this.out = out;
        this.buffer = new JsonBytes(capacity);
    }

    /**
     * @param tx a transaction.
     * @return its JSON object, without the line end.
     */
    public static String toJson(final GeneratedTransaction tx)
    {
        final TransactionJsonWriter writer = new TransactionJsonWriter(OutputStream.nullOutputStream(), 512);
        writer.append(tx);
        final String line = writer.buffer.drainToString();
        return line.substring(0, line.length() - 1);
    }

    /**
     * @param tx the transaction to write as one line.
     * @throws IOException from the stream.
     */
    public void write(final GeneratedTransaction tx) throws IOException
    {
        append(tx);
        lines++;
        if (buffer.length() >= BLOCK)
        {
            buffer.drainTo(out);
        }
    }

    /**
     * @param event a context event, written with its kind's fields ({@link EventJsonWriter}).
     * @throws IOException from the stream.
     */
    public void write(final ContextEvent event) throws IOException
    {
        buffer.raw(eventWriter.write(event.encodeTo(scratch)).getBytes(StandardCharsets.UTF_8)).raw('\n');
        lines++;
        if (buffer.length() >= BLOCK)
        {
            buffer.drainTo(out);
        }
    }

    /** @return lines written so far. */
    public long lines()
    {
        return lines;
    }

    @Override
    public void flush() throws IOException
    {
        buffer.drainTo(out);
        out.flush();
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            out.close();
        }
    }

    private void append(final GeneratedTransaction tx)
    {
        final JsonBytes b = buffer;
        b.raw(ID).string(tx.id());
        b.raw(TS).number(tx.tsMs());
        b.raw(CARD).string(tx.card());
        b.raw(ACCOUNT).string(tx.account());
        b.raw(MERCHANT).string(tx.merchant());
        b.raw(MCC).number(tx.mcc());
        b.raw(AMOUNT).decimal(tx.amountMinor(), exponent(tx.currency()));
        b.raw(CURRENCY).string(tx.currency());
        b.raw(COUNTRY).string(tx.country());
        if (tx.hasLocation())
        {
            b.raw(LAT).degrees(tx.lat());
            b.raw(LON).degrees(tx.lon());
        }
        b.raw(CHANNEL).string(tx.channel().wireName());
        if (!tx.device().isEmpty())
        {
            b.raw(DEVICE).string(tx.device());
        }
        if (!tx.ip().isEmpty())
        {
            b.raw(IP).string(tx.ip());
        }
        b.raw(STATUS).string(tx.status().wireName());
        b.raw(END);
    }

    private int exponent(final String currency)
    {
        // generated transactions share a handful of currency strings: skip the table lookup on a repeat
        if (!currency.equals(lastCurrency))
        {
            lastCurrency = currency;
            lastExponent = Currencies.exponent(currency);
        }
        return lastExponent;
    }

    static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
