package io.vigil.ops.generate;

import java.util.List;

/**
 * Brute-force statements of the engine's fraud rules, over a list of one card's transactions in emission order
 * (which is event-time order). Quadratic and obvious, to test the generator's cases against.
 */
final class ReferenceRules
{
    static final long MINUTE_MS = 60_000;
    static final long HOUR_MS = 60 * MINUTE_MS;

    private ReferenceRules()
    {
    }

    /** @return {@code major} major units in the transaction's currency, as minor units. */
    static long major(final GeneratedTransaction tx, final long major)
    {
        long minor = major;
        for (int i = 0; i < tx.currencyExponent(); i++)
        {
            minor *= 10;
        }
        return minor;
    }

    /** @return whether some 60 s window (t - 60 s, t] holds at least {@code count} approved transactions. */
    static boolean velocity(final List<GeneratedTransaction> txs, final int count)
    {
        for (final GeneratedTransaction end : txs)
        {
            int n = 0;
            for (final GeneratedTransaction tx : txs)
            {
                if (tx.isApproved() && tx.tsMs() <= end.tsMs() && tx.tsMs() > end.tsMs() - MINUTE_MS)
                {
                    n++;
                }
            }
            if (n >= count)
            {
                return true;
            }
        }
        return false;
    }

    /** @return whether 3+ probes under 2.00 come before a hit of 500.00 or more, all within 10 minutes. */
    static boolean cardTesting(final List<GeneratedTransaction> txs)
    {
        for (int h = 0; h < txs.size(); h++)
        {
            final GeneratedTransaction hit = txs.get(h);
            if (hit.amountMinor() < major(hit, 500))
            {
                continue;
            }
            int probes = 0;
            for (int p = 0; p < h; p++)
            {
                final GeneratedTransaction probe = txs.get(p);
                if (probe.amountMinor() < major(probe, 2) && hit.tsMs() - probe.tsMs() < 10 * MINUTE_MS)
                {
                    probes++;
                }
            }
            if (probes >= 3)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the largest sum of approved amounts in one currency within a sliding hour, divided by 3000.00 of
     * that currency: 1.0 or more crosses the spend-spike rule.
     */
    static double largestHourlySumOverThreshold(final List<GeneratedTransaction> txs)
    {
        double best = 0;
        for (final GeneratedTransaction end : txs)
        {
            long sum = 0;
            for (final GeneratedTransaction tx : txs)
            {
                if (tx.isApproved() && tx.currency().equals(end.currency()) && tx.tsMs() <= end.tsMs() &&
                    tx.tsMs() > end.tsMs() - HOUR_MS)
                {
                    sum += tx.amountMinor();
                }
            }
            best = Math.max(best, (double)sum / major(end, 3000));
        }
        return best;
    }

    /** @return whether two approved card-present transactions in different countries, 2000+ km apart, are
     * less than an hour apart. */
    static boolean impossibleTravel(final List<GeneratedTransaction> txs)
    {
        for (final GeneratedTransaction a : txs)
        {
            for (final GeneratedTransaction b : txs)
            {
                if (a.isApproved() && b.isApproved() && a.isCardPresent() && b.isCardPresent() &&
                    !a.country().equals(b.country()) && Math.abs(a.tsMs() - b.tsMs()) < HOUR_MS &&
                    haversineKm(a.lat(), a.lon(), b.lat(), b.lon()) >= 2_000)
                {
                    return true;
                }
            }
        }
        return false;
    }

    static double haversineKm(final double lat1, final double lon1, final double lat2, final double lon2)
    {
        final double p1 = Math.toRadians(lat1);
        final double p2 = Math.toRadians(lat2);
        final double dp = p2 - p1;
        final double dl = Math.toRadians(lon2 - lon1);
        final double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) *
            Math.sin(dl / 2);
        return 2 * 6371 * Math.asin(Math.sqrt(a));
    }
}
