package io.vigil.rules.window;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.RuleState;

/**
 * Per-key state of a {@link SlidingWindowRule}: the key's accepted events in reference order, and running
 * aggregates of the active window, the events in {@code (newest − size, newest]}.
 * <p>
 * Layout of the ring, oldest to newest:
 * <pre>
 *   [0 .. activeFrom)     kept for out-of-order events: time in (newest − size − retention, newest − size]
 *   [activeFrom .. size)  the active window of the newest event: time in (newest − size, newest]
 * </pre>
 * In-order events slide the window and append in O(1) amortised; an out-of-order event is inserted in place
 * and its window is found by binary search and summed by a scan (rare path).
 * <p>
 * For {@link Aggregate#SUM}, the running sum covers the active events in one currency, the newest event's;
 * a change of currency rescans the active window.
 * <p>
 * Memory: about 120 bytes plus the ring ({@link EventRing}: 68 bytes per retained event).
 * Thread contract: owned by one shard thread.
 */
public final class SlidingWindowState extends RuleState
{
    private final EventRing ring = new EventRing();
    private final long windowSizeMs;
    private final long outOfOrderRetentionMs;
    private final boolean sumByCurrency;
    private int activeFrom;
    private boolean hasRunCurrency;
    private int runCurrencyCode;
    private long runSumMinor;
    private int runCount;

    SlidingWindowState(final long windowSizeMs, final long outOfOrderRetentionMs, final boolean sumByCurrency)
    {
        this.windowSizeMs = windowSizeMs;
        this.outOfOrderRetentionMs = outOfOrderRetentionMs;
        this.sumByCurrency = sumByCurrency;
    }

    /** @return the key's retained events. */
    public EventRing ring()
    {
        return ring;
    }

    /** @return logical index of the oldest event of the newest event's window. */
    public int activeFrom()
    {
        return activeFrom;
    }

    /** @return sum of the active window's amounts in {@link #runCurrencyCode()}, minor units (SUM only). */
    public long runSumMinor()
    {
        return runSumMinor;
    }

    /** @return number of active events in {@link #runCurrencyCode()} (SUM only). */
    public int runCount()
    {
        return runCount;
    }

    /** @return the currency of the running sum, packed as {@link TransactionFlyweight#currencyCode()}. */
    public int runCurrencyCode()
    {
        return runCurrencyCode;
    }

    @Override
    public void reset()
    {
        super.reset();
        ring.clear();
        activeFrom = 0;
        hasRunCurrency = false;
        runCurrencyCode = 0;
        runSumMinor = 0;
        runCount = 0;
    }

    /**
     * Slides the window to an in-order event and appends it; afterwards the active window is
     * {@code [activeFrom, size)} and ends with it.
     *
     * @param tx an event at or after the newest in reference order.
     */
    void append(final TransactionFlyweight tx)
    {
        final long windowStartExclusiveMs = tx.tsMs() - windowSizeMs;
        while (activeFrom < ring.size() && ring.tsMs(activeFrom) <= windowStartExclusiveMs)
        {
            deactivate(activeFrom);
            activeFrom++;
        }
        final long retainAfterMs = windowStartExclusiveMs - outOfOrderRetentionMs;
        while (ring.size() > 0 && ring.tsMs(0) <= retainAfterMs)
        {
            removeOldest();
        }
        if (ring.isAtMaxCapacity())
        {
            removeOldest();
        }
        ring.insert(ring.size(), tx);
        if (sumByCurrency)
        {
            final int currencyCode = tx.currencyCode();
            if (hasRunCurrency && currencyCode == runCurrencyCode)
            {
                runSumMinor += tx.amountMinor();
                runCount++;
            }
            else
            {
                rescan(currencyCode);
            }
        }
    }

    /**
     * Inserts an out-of-order event in its reference-order place, keeping the running aggregates of the
     * newest event's window right.
     *
     * @param tx an event before the newest in reference order.
     * @return the logical index it now has.
     */
    int insertOutOfOrder(final TransactionFlyweight tx)
    {
        if (ring.isAtMaxCapacity())
        {
            removeOldest();
        }
        final int index = ring.insertionIndex(tx);
        final boolean active = tx.tsMs() > ring.tsMs(ring.size() - 1) - windowSizeMs;
        ring.insert(index, tx);
        if (!active)
        {
            activeFrom++;
        }
        else if (sumByCurrency && hasRunCurrency && tx.currencyCode() == runCurrencyCode)
        {
            runSumMinor += tx.amountMinor();
            runCount++;
        }
        return index;
    }

    private void removeOldest()
    {
        if (activeFrom > 0)
        {
            activeFrom--;
        }
        else
        {
            deactivate(0);
        }
        ring.removeOldest();
    }

    private void deactivate(final int index)
    {
        if (sumByCurrency && hasRunCurrency && ring.currencyCode(index) == runCurrencyCode)
        {
            runSumMinor -= ring.amountMinor(index);
            runCount--;
        }
    }

    private void rescan(final int currencyCode)
    {
        long sumMinor = 0;
        int count = 0;
        for (int i = activeFrom, n = ring.size(); i < n; i++)
        {
            if (ring.currencyCode(i) == currencyCode)
            {
                sumMinor += ring.amountMinor(i);
                count++;
            }
        }
        hasRunCurrency = true;
        runCurrencyCode = currencyCode;
        runSumMinor = sumMinor;
        runCount = count;
    }

    // ---- snapshot (checkpoint) encoding ----

    @Override
    protected void writeState(final SnapshotWriter out)
    {
        out.putInt(activeFrom).putBoolean(hasRunCurrency).putInt(runCurrencyCode).putLong(runSumMinor)
            .putInt(runCount);
        ring.writeSnapshot(out);
    }

    @Override
    protected void readState(final SnapshotReader in)
    {
        activeFrom = in.getInt("sliding window active from");
        hasRunCurrency = in.getBoolean("sliding window has currency");
        runCurrencyCode = in.getInt("sliding window currency");
        runSumMinor = in.getLong("sliding window sum");
        runCount = in.getInt("sliding window count");
        ring.readSnapshot(in);
        if (activeFrom < 0 || activeFrom > ring.size())
        {
            in.expect("sliding window active from at most", ring.size(), activeFrom);
        }
    }
}
