package io.vigil.rules.table;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.RiskLevel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * A random mixed stream for the join properties: transactions on four cards (each with an account, which card
 * profiles may move), card profiles, account profiles, merchant rows, sanctioned-country entries and account
 * events, in an arrival (journal) order where each event is at most {@code boundMs} behind the newest before it.
 */
final class JoinScenario
{
    static final String[] CARDS = {"c0", "c1", "c2", "c3"};
    static final String[] ACCOUNTS = {"a0", "a1", "a2"};
    static final String[] MERCHANTS = {"m0", "m1", "m2"};
    static final String[] COUNTRIES = {"DE", "FR", "KP"};
    static final int[] MCCS = {5411, 7995};

    private JoinScenario()
    {
    }

    /**
     * @param seed     randomness.
     * @param boundMs  the out-of-orderness bound.
     * @param tablesMix how often (out of 10) an event is a table update or account event rather than a transaction.
     * @return the events in arrival order.
     */
    static List<Ev> arrival(final long seed, final long boundMs, final int tablesMix)
    {
        final Random random = new Random(seed);
        final int n = 20 + random.nextInt(50);
        final List<Ev> byTime = new ArrayList<>();
        long t = JoinHarness.T0;
        for (int i = 0; i < n; i++)
        {
            t += random.nextInt(4) == 0 ? 0 : random.nextInt(90_000);
            final String id = String.format("e%04d", i);
            byTime.add(random.nextInt(10) < tablesMix ? other(random, id, t) : tx(random, id, t));
        }
        final List<long[]> keyed = new ArrayList<>();
        for (int i = 0; i < byTime.size(); i++)
        {
            final long jitter = boundMs == 0 ? 0 : (long)(random.nextDouble() * (boundMs + 1));
            keyed.add(new long[] {byTime.get(i).tsMs() + Math.min(jitter, boundMs), random.nextInt(256), i});
        }
        keyed.sort(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
        final List<Ev> out = new ArrayList<>();
        for (final long[] k : keyed)
        {
            out.add(byTime.get((int)k[2]));
        }
        return out;
    }

    private static Ev tx(final Random random, final String id, final long t)
    {
        final int card = random.nextInt(CARDS.length);
        return new Ev(EventKind.TRANSACTION, id, t, CARDS[card], ACCOUNTS[card % ACCOUNTS.length],
            MERCHANTS[random.nextInt(MERCHANTS.length)], COUNTRIES[random.nextInt(COUNTRIES.length)],
            random.nextInt(10_000), random.nextBoolean(), 0, 0, 5411);
    }

    private static Ev other(final Random random, final String id, final long t)
    {
        switch (random.nextInt(6))
        {
            case 0:
            case 1:
                return Ev.cardProfile(id, t, CARDS[random.nextInt(CARDS.length)],
                    ACCOUNTS[random.nextInt(ACCOUNTS.length)], COUNTRIES[random.nextInt(2)],
                    CardStatus.values()[random.nextInt(CardStatus.values().length)], random.nextInt(8_000));
            case 2:
                return Ev.accountProfile(id, t, ACCOUNTS[random.nextInt(ACCOUNTS.length)],
                    RiskLevel.values()[random.nextInt(RiskLevel.values().length)]);
            case 3:
                return Ev.merchant(id, t, MERCHANTS[random.nextInt(MERCHANTS.length)],
                    RiskLevel.values()[random.nextInt(RiskLevel.values().length)], MCCS[random.nextInt(MCCS.length)]);
            case 4:
                return Ev.sanctioned(id, t, COUNTRIES[1 + random.nextInt(2)], random.nextBoolean());
            default:
                return Ev.accountEvent(id, t, ACCOUNTS[random.nextInt(ACCOUNTS.length)],
                    AccountAction.values()[random.nextInt(AccountAction.values().length)]);
        }
    }
}
