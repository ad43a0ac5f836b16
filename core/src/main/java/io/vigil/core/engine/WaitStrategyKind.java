package io.vigil.core.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * How engine threads wait for work. {@link #SLEEPING} is the default: it spins briefly, then yields, then
 * parks, so it behaves where threads outnumber cores. {@link #BUSY_SPIN} is for dedicated, isolated cores only.
 */
public enum WaitStrategyKind
{
    /** Lock and condition: least CPU, highest wake-up latency. */
    BLOCKING("blocking"),
    /** Spin, yield, then park 100 ns at a time: low CPU when idle, low latency under load. The default. */
    SLEEPING("sleeping"),
    /** Spin then yield: low latency, one core per waiting thread when idle. */
    YIELDING("yielding"),
    /** Spin only: lowest latency, burns one core per thread always. */
    BUSY_SPIN("busy-spin");

    private final String wireName;

    WaitStrategyKind(final String wireName)
    {
        this.wireName = wireName;
    }

    /** @return the name used on the command line and in configuration. */
    public String wireName()
    {
        return wireName;
    }

    /** @return a new Disruptor wait strategy of this kind. */
    public WaitStrategy newStrategy()
    {
        switch (this)
        {
            case BLOCKING:
                return new BlockingWaitStrategy();
            case YIELDING:
                return new YieldingWaitStrategy();
            case BUSY_SPIN:
                return new BusySpinWaitStrategy();
            default:
                return new SleepingWaitStrategy();
        }
    }

    /**
     * @param name a wire name.
     * @return the kind.
     * @throws IllegalArgumentException listing the valid names.
     */
    public static WaitStrategyKind fromWireName(final String name)
    {
        for (final WaitStrategyKind k : values())
        {
            if (k.wireName.equalsIgnoreCase(name))
            {
                return k;
            }
        }
        throw new IllegalArgumentException(
            "wait strategy: expected one of blocking, sleeping, yielding, busy-spin, found '" + name + "'");
    }
}
