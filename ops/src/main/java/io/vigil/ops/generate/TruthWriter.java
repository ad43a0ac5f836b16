package io.vigil.ops.generate;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes the ground truth as JSON Lines, one case per line:
 * <pre>
 * {"case_id":"case-000001","type":"velocity","card":"card-00000042","tx_ids":["tx-0000001234","tx-0000001240"],
 *  "first_ts":1767571201234,"last_ts":1767571248000}
 * </pre>
 * (on one line), with {@code "account"} after {@code "card"} for the cases whose rule keys alerts by account.
 * {@link #close()} flushes and closes the stream. One thread.
 */
public final class TruthWriter implements Flushable, Closeable
{
    private static final int BLOCK = 16 * 1024;
    private static final byte[] CASE_ID = TransactionJsonWriter.ascii("{\"case_id\":");
    private static final byte[] TYPE = TransactionJsonWriter.ascii(",\"type\":");
    private static final byte[] CARD = TransactionJsonWriter.ascii(",\"card\":");
    private static final byte[] ACCOUNT = TransactionJsonWriter.ascii(",\"account\":");
    private static final byte[] TX_IDS = TransactionJsonWriter.ascii(",\"tx_ids\":[");
    private static final byte[] FIRST_TS = TransactionJsonWriter.ascii("],\"first_ts\":");
    private static final byte[] LAST_TS = TransactionJsonWriter.ascii(",\"last_ts\":");
    private static final byte[] END = TransactionJsonWriter.ascii("}\n");

    private final OutputStream out;
    private final JsonBytes buffer = new JsonBytes(BLOCK + 1024);

    /**
     * @param out destination; written in blocks, so it need not be buffered.
     */
    public TruthWriter(final OutputStream out)
    {
        this.out = out;
    }

    /**
     * @param truthCase the case to write as one line.
     * @throws IOException from the stream.
     */
    public void write(final TruthCase truthCase) throws IOException
    {
        final JsonBytes b = buffer;
        b.raw(CASE_ID).string(truthCase.caseId());
        b.raw(TYPE).string(truthCase.type().wireName());
        b.raw(CARD).string(truthCase.card());
        if (!truthCase.account().isEmpty())
        {
            b.raw(ACCOUNT).string(truthCase.account());
        }
        b.raw(TX_IDS);
        boolean first = true;
        for (final String id : truthCase.txIds())
        {
            if (!first)
            {
                b.raw(',');
            }
            b.string(id);
            first = false;
        }
        b.raw(FIRST_TS).number(truthCase.firstTsMs());
        b.raw(LAST_TS).number(truthCase.lastTsMs());
        b.raw(END);
        if (b.length() >= BLOCK)
        {
            b.drainTo(out);
        }
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
}
