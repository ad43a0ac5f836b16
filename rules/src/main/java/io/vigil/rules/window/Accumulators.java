package io.vigil.rules.window;

import io.vigil.core.snapshot.SnapshotWriter;
import io.vigil.core.snapshot.SnapshotReader;
import io.vigil.rules.expr.AggregateKind;
import io.vigil.rules.expr.AggregateValues;

import java.util.Arrays;

/**
 * The running aggregates of a key's windows, one numbered <em>slot</em> per window, in primitive arrays:
 * per slot the number of events, and per (slot, aggregate) two longs whose meaning depends on the kind —
 * <pre>
 *   kind                primary                      secondary
 *   COUNT(pred), RATIO  events matching pred         -
 *   SUM, AVG            sum, fixed point             number of values
 *   MIN, MAX            extreme, IEEE bits           number of values
 *   DISTINCT            -                            - (a {@link DistinctSet} per slot)
 *   PREV, SEEN          -                            - (read from the held events by the sliding state)
 * </pre>
 * Events go in with {@link #add}, out with {@link #remove} (a sliding window; MIN and MAX then only keep
 * their number of values and the caller tracks the extreme), and windows combine with {@link #merge}
 * (sessions). Reading goes through {@link #select(int)} and {@link AggregateValues#get(int)}.
 * <p>
 * Values: COUNT and DISTINCT whole numbers; SUM 0 over no values; AVG, MIN, MAX NaN over no values; RATIO
 * NaN over no events.
 * <p>
 * Memory: 8 + 16 × aggregates bytes per slot, plus each DISTINCT set; arrays grow by doubling, sets are kept
 * when a slot is cleared. Thread contract: owned by one shard thread.
 */
final class Accumulators implements AggregateValues
{
    private final AggregateLayout layout;
    private final int n;
    private long[] counts = new long[0];
    private long[] primary = new long[0];
    private long[] secondary = new long[0];
    private DistinctSet[] sets = new DistinctSet[0];
    private int selected;

    Accumulators(final AggregateLayout layout)
    {
        this.layout = layout;
        this.n = layout.size();
    }

    /**
     * Makes room for at least {@code slots} slots, cleared.
     *
     * @param slots slots needed.
     */
    void ensureSlots(final int slots)
    {
        if (slots <= counts.length)
        {
            return;
        }
        final int old = counts.length;
        counts = Arrays.copyOf(counts, slots);
        primary = Arrays.copyOf(primary, slots * n);
        secondary = Arrays.copyOf(secondary, slots * n);
        sets = Arrays.copyOf(sets, slots * n);
        for (int slot = old; slot < slots; slot++)
        {
            for (int a = 0; a < n; a++)
            {
                if (layout.kind(a) == AggregateKind.DISTINCT)
                {
                    sets[slot * n + a] = new DistinctSet();
                }
            }
        }
    }

    /** Empties a slot. */
    void clear(final int slot)
    {
        counts[slot] = 0;
        final int base = slot * n;
        for (int a = 0; a < n; a++)
        {
            primary[base + a] = 0;
            secondary[base + a] = 0;
            if (sets[base + a] != null)
            {
                sets[base + a].clear();
            }
        }
    }

    /**
     * Adds one event's inputs.
     *
     * @param slot   the window.
     * @param row    holding the inputs.
     * @param offset first column of the inputs in {@code row}.
     * @param bits   the predicate bits.
     * @return how many distinct values were refused because their set was full.
     */
    int add(final int slot, final long[] row, final int offset, final long bits)
    {
        counts[slot]++;
        int refused = 0;
        final int base = slot * n;
        for (int a = 0; a < n; a++)
        {
            final int i = base + a;
            switch (layout.kind(a))
            {
                case COUNT:
                case RATIO:
                    primary[i] += (bits >>> a) & 1;
                    break;
                case SUM:
                case AVG:
                    final long fixed = row[offset + layout.column(a)];
                    if (fixed != AggregateLayout.NO_FIXED)
                    {
                        primary[i] += fixed;
                        secondary[i]++;
                    }
                    break;
                case MIN:
                case MAX:
                    addExtreme(i, layout.kind(a) == AggregateKind.MAX,
                        Double.longBitsToDouble(row[offset + layout.column(a)]));
                    break;
                case PREV:
                case SEEN:
                    break;
                default:
                    if (sets[i].add(row[offset + layout.column(a)], 1) == DistinctSet.REFUSED)
                    {
                        refused++;
                    }
                    break;
            }
        }
        return refused;
    }

    /**
     * Takes out one event added before; MIN and MAX keep only their number of values right.
     *
     * @param slot   the window.
     * @param row    holding the inputs.
     * @param offset first column of the inputs in {@code row}.
     * @param bits   the predicate bits.
     */
    void remove(final int slot, final long[] row, final int offset, final long bits)
    {
        counts[slot]--;
        final int base = slot * n;
        for (int a = 0; a < n; a++)
        {
            final int i = base + a;
            switch (layout.kind(a))
            {
                case COUNT:
                case RATIO:
                    primary[i] -= (bits >>> a) & 1;
                    break;
                case SUM:
                case AVG:
                    final long fixed = row[offset + layout.column(a)];
                    if (fixed != AggregateLayout.NO_FIXED)
                    {
                        primary[i] -= fixed;
                        secondary[i]--;
                    }
                    break;
                case MIN:
                case MAX:
                    if (!Double.isNaN(Double.longBitsToDouble(row[offset + layout.column(a)])))
                    {
                        secondary[i]--;
                    }
                    break;
                case PREV:
                case SEEN:
                    break;
                default:
                    sets[i].remove(row[offset + layout.column(a)]);
                    break;
            }
        }
    }

    /**
     * Adds everything in slot {@code from} to slot {@code into}; {@code from} is left as it was.
     *
     * @return how many distinct values were refused because their set was full.
     */
    int merge(final int into, final int from)
    {
        counts[into] += counts[from];
        int refused = 0;
        for (int a = 0; a < n; a++)
        {
            final int i = into * n + a;
            final int j = from * n + a;
            switch (layout.kind(a))
            {
                case MIN:
                case MAX:
                    if (secondary[j] > 0)
                    {
                        final long values = secondary[j];
                        addExtreme(i, layout.kind(a) == AggregateKind.MAX,
                            Double.longBitsToDouble(primary[j]));
                        secondary[i] += values - 1;
                    }
                    break;
                case DISTINCT:
                    final DistinctSet source = sets[j];
                    for (int s = 0, capacity = source.capacity(); s < capacity; s++)
                    {
                        if (source.hashAt(s) != 0 && sets[i].add(source.hashAt(s), source.countAt(s)) ==
                            DistinctSet.REFUSED)
                        {
                            refused++;
                        }
                    }
                    break;
                case PREV:
                case SEEN:
                    break;
                default:
                    primary[i] += primary[j];
                    secondary[i] += secondary[j];
                    break;
            }
        }
        return refused;
    }

    /**
     * @param slot      the window.
     * @param aggregate the aggregate's index.
     * @return its value (see the class comment).
     */
    double value(final int slot, final int aggregate)
    {
        final int i = slot * n + aggregate;
        switch (layout.kind(aggregate))
        {
            case COUNT:
                return layout.hasPredicate(aggregate) ? primary[i] : counts[slot];
            case RATIO:
                return counts[slot] == 0 ? Double.NaN : (double)primary[i] / counts[slot];
            case SUM:
                return secondary[i] == 0 ? 0.0 : (double)primary[i] / AggregateLayout.FIXED_SCALE;
            case AVG:
                return secondary[i] == 0 ? Double.NaN :
                    (double)primary[i] / AggregateLayout.FIXED_SCALE / secondary[i];
            case MIN:
            case MAX:
                return secondary[i] == 0 ? Double.NaN : Double.longBitsToDouble(primary[i]);
            case PREV:
            case SEEN:
                return Double.NaN;
            default:
                return sets[i].size();
        }
    }

    /**
     * @param slot the window {@link #get(int)} reads.
     * @return this, as the window's {@link AggregateValues}.
     */
    Accumulators select(final int slot)
    {
        selected = slot;
        return this;
    }

    @Override
    public double get(final int index)
    {
        return value(selected, index);
    }

    private void addExtreme(final int i, final boolean max, final double value)
    {
        if (Double.isNaN(value))
        {
            return;
        }
        if (secondary[i]++ == 0)
        {
            primary[i] = Double.doubleToRawLongBits(value);
            return;
        }
        final double held = Double.longBitsToDouble(primary[i]);
        if (max ? value > held : value < held)
        {
            primary[i] = Double.doubleToRawLongBits(value);
        }
    }

    // ---- snapshot (checkpoint) encoding: slots, then per slot its count and per aggregate primary, secondary
    // and, for DISTINCT, the set ----

    void writeSnapshot(final SnapshotWriter out)
    {
        out.putInt(counts.length);
        for (int slot = 0; slot < counts.length; slot++)
        {
            out.putLong(counts[slot]);
            for (int a = 0; a < n; a++)
            {
                final int i = slot * n + a;
                out.putLong(primary[i]).putLong(secondary[i]);
                if (sets[i] != null)
                {
                    sets[i].writeSnapshot(out);
                }
            }
        }
    }

    void readSnapshot(final SnapshotReader in)
    {
        final int slots = in.getCount("accumulator slots", 0, 1 << 16);
        ensureSlots(slots);
        for (int slot = 0; slot < slots; slot++)
        {
            counts[slot] = in.getLong("accumulator count");
            for (int a = 0; a < n; a++)
            {
                final int i = slot * n + a;
                primary[i] = in.getLong("accumulator primary");
                secondary[i] = in.getLong("accumulator secondary");
                if (sets[i] != null)
                {
                    sets[i].readSnapshot(in);
                }
            }
        }
    }
}
