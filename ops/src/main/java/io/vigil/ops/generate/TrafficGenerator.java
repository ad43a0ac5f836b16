package io.vigil.ops.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Synthetic card traffic with injected fraud: an iterator over exactly {@link GeneratorConfig#events()}
 * transactions in non-decreasing event time, with ids {@code tx-0000000001, tx-0000000002, …} in emission order,
 * so that (event time, id) order is emission order. The same configuration gives the same transactions, field for
 * field: every choice comes from a {@link SplittableRandom} seeded by {@link GeneratorConfig#seed()} and
 * {@link StrictMath}; nothing reads the clock or depends on hash order.
 * <p>
 * The cardholders' own traffic comes from {@link NormalTraffic}; the injected cases, planned up front by
 * {@link FraudPlanner}, are merged into it by event time (an injected transaction goes first on a tie). A case's
 * {@link TruthCase} is available from {@link #truthCases()} once its last transaction has been emitted; all are
 * once the iterator is exhausted.
 * <p>
 * Thread contract: one thread. Construction builds the population and the plan (a second or so for millions of
 * cards); iteration allocates one transaction (and its strings) per event.
 */
public final class TrafficGenerator implements Iterator<GeneratedTransaction>
{
    private final GeneratorConfig config;
    private final long spanMs;
    private final CardPopulation cards;
    private final MerchantDirectory merchants;
    private final NormalTraffic normal;
    private final PlannedCase[] cases;
    private final PlannedTx[] injected;
    private final List<List<String>> caseTxIds;
    private final long[] caseFirstTsMs;
    private final TruthCase[] truth;
    private int nextInjected;
    private long emitted;
    private long completedCases;

    /**
     * Builds the population and plans the injected cases.
     *
     * @param config what to generate.
     * @throws IllegalArgumentException if the cases cannot be placed (too many for the cards and time span).
     */
    public TrafficGenerator(final GeneratorConfig config)
    {
        this.config = config;
        final SplittableRandom seed = new SplittableRandom(config.seed());
        final SplittableRandom worldRng = seed.split();
        final SplittableRandom fraudRng = seed.split();
        final SplittableRandom trafficRng = seed.split();

        final double[] cityWeights = CardPopulation.homeCityWeights(config.homeCountries());
        merchants = MerchantDirectory.build(config.cards(), cityWeights, worldRng);
        cards = CardPopulation.build(config.cards(), cityWeights, merchants, worldRng);

        // the span the cardholders' traffic will cover, near enough: injected cases are spread over it
        final long expectedInjected = 5L * config.transactionCases();
        spanMs = (long)((config.events() - expectedInjected) / NormalTraffic.expectedPerMs(cards));
        final FraudPlan plan = FraudPlanner.plan(config, cards, merchants, fraudRng, config.startMs(), spanMs);
        cases = plan.cases();
        injected = plan.transactions();
        normal = new NormalTraffic(cards, merchants, trafficRng, config.startMs(), config.events() - injected.length);

        caseTxIds = new ArrayList<>(cases.length);
        for (final PlannedCase c : cases)
        {
            caseTxIds.add(new ArrayList<>(c.txCount()));
        }
        caseFirstTsMs = new long[cases.length];
        truth = new TruthCase[cases.length];
    }

    /** @return the configuration. */
    public GeneratorConfig config()
    {
        return config;
    }

    /** @return the population (for {@link ContextTraffic}). */
    CardPopulation cards()
    {
        return cards;
    }

    /** @return the merchant directory (for {@link ContextTraffic}). */
    MerchantDirectory merchants()
    {
        return merchants;
    }

    /** @return the expected duration of the traffic, ms: the span the injected cases are spread over. */
    long spanMs()
    {
        return spanMs;
    }

    /** @return cards in the population. */
    public int cardCount()
    {
        return cards.count();
    }

    /** @return merchants in the world (shops, cash machines, online shops). */
    public int merchantCount()
    {
        return merchants.count();
    }

    /** @return injected transactions in the whole generation. */
    public int injectedTransactionCount()
    {
        return injected.length;
    }

    /** @return transactions emitted so far. */
    public long emitted()
    {
        return emitted;
    }

    @Override
    public boolean hasNext()
    {
        return emitted < config.events();
    }

    @Override
    public GeneratedTransaction next()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException("all " + config.events() + " transactions have been generated");
        }
        final String id = Ids.padded("tx-", emitted + 1, 10);
        final GeneratedTransaction tx;
        if (nextInjected < injected.length && injected[nextInjected].tsMs() <= normal.peekTsMs())
        {
            final PlannedTx planned = injected[nextInjected++];
            tx = planned.template().withId(id);
            record(planned.caseIndex(), tx);
        }
        else
        {
            tx = normal.take(id);
        }
        emitted++;
        return tx;
    }

    /**
     * @return the remaining transactions as an ordered, sequential stream; consuming it advances this iterator.
     */
    public Stream<GeneratedTransaction> stream()
    {
        final long remaining = config.events() - emitted;
        return StreamSupport.stream(
            Spliterators.spliterator(this, remaining, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /**
     * @return the cases whose transactions have all been emitted, in case-id order (the order of their first
     * events); every case once the iterator is exhausted.
     */
    public List<TruthCase> truthCases()
    {
        final List<TruthCase> result = new ArrayList<>((int)completedCases);
        for (final TruthCase t : truth)
        {
            if (t != null)
            {
                result.add(t);
            }
        }
        return Collections.unmodifiableList(result);
    }

    private void record(final int caseIndex, final GeneratedTransaction tx)
    {
        final List<String> ids = caseTxIds.get(caseIndex);
        if (ids.isEmpty())
        {
            caseFirstTsMs[caseIndex] = tx.tsMs();
        }
        ids.add(tx.id());
        final PlannedCase c = cases[caseIndex];
        if (ids.size() == c.txCount())
        {
            truth[caseIndex] = new TruthCase(c.caseId(), c.type(), c.card(), ids, caseFirstTsMs[caseIndex], tx.tsMs());
            caseTxIds.set(caseIndex, List.of());
            completedCases++;
        }
    }
}
