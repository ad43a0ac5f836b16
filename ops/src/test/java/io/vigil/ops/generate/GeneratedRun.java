package io.vigil.ops.generate;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One generation held in memory for tests, with indexes by id and by card. Runs are cached per configuration so
 * the test classes share them (a 200k-event run takes well under a second).
 */
final class GeneratedRun
{
    /** The main test run: 200k events over about three weeks, 10 cases of each type. */
    static final GeneratorConfig DEFAULT = GeneratorConfig.builder().seed(7).events(200_000).cards(4_000).build();

    /** Cardholders in currencies with large numbers (JPY has no decimals), and a higher fraud rate. */
    static final GeneratorConfig HIGH_NOMINAL = GeneratorConfig.builder().seed(11).events(100_000).cards(2_000)
        .homeCountries("JP", "BR", "MX", "US").fraudCasesPerMillion(600).build();

    private static final Map<String, GeneratedRun> CACHE = new HashMap<>();

    final GeneratorConfig config;
    final List<GeneratedTransaction> transactions;
    final List<TruthCase> cases;
    final Map<String, Integer> indexById = new HashMap<>();
    final Map<String, List<GeneratedTransaction>> byCard = new LinkedHashMap<>();
    final Map<String, TruthCase> caseByTxId = new HashMap<>();

    private GeneratedRun(final GeneratorConfig config)
    {
        this.config = config;
        final TrafficGenerator generator = new TrafficGenerator(config);
        final List<GeneratedTransaction> txs = new ArrayList<>((int)config.events());
        generator.forEachRemaining(txs::add);
        transactions = Collections.unmodifiableList(txs);
        cases = generator.truthCases();
        for (int i = 0; i < txs.size(); i++)
        {
            final GeneratedTransaction tx = txs.get(i);
            indexById.put(tx.id(), i);
            byCard.computeIfAbsent(tx.card(), c -> new ArrayList<>()).add(tx);
        }
        for (final TruthCase c : cases)
        {
            for (final String id : c.txIds())
            {
                caseByTxId.put(id, c);
            }
        }
    }

    static synchronized GeneratedRun of(final GeneratorConfig config)
    {
        return CACHE.computeIfAbsent(config.toString(), k -> new GeneratedRun(config));
    }

    /** @return the case's transactions, in emission order. */
    List<GeneratedTransaction> transactionsOf(final TruthCase c)
    {
        final List<GeneratedTransaction> result = new ArrayList<>();
        for (final String id : c.txIds())
        {
            result.add(transactions.get(indexById.get(id)));
        }
        return result;
    }

    /** @return the transactions no case injected: the cardholders' own. */
    Map<String, List<GeneratedTransaction>> normalByCard()
    {
        final Map<String, List<GeneratedTransaction>> result = new LinkedHashMap<>();
        for (final GeneratedTransaction tx : transactions)
        {
            if (!caseByTxId.containsKey(tx.id()))
            {
                result.computeIfAbsent(tx.card(), c -> new ArrayList<>()).add(tx);
            }
        }
        return result;
    }
}
