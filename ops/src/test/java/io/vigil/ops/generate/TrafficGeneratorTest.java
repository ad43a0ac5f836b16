package io.vigil.ops.generate;

import io.vigil.core.event.Amounts;
import io.vigil.core.event.Channel;
import io.vigil.core.event.Currencies;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficGeneratorTest
{
    private final GeneratedRun run = GeneratedRun.of(GeneratedRun.DEFAULT);

    @Test
    void shouldEmitExactlyTheConfiguredNumberOfEvents()
    {
        assertThat(run.transactions).hasSize((int)GeneratedRun.DEFAULT.events());
    }

    @Test
    void shouldEmitNonDecreasingEventTimesFromTheConfiguredStart()
    {
        final List<String> backwards = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (final GeneratedTransaction tx : run.transactions)
        {
            if (tx.tsMs() < previous)
            {
                backwards.add(tx.id());
            }
            previous = tx.tsMs();
        }
        assertThat(backwards).isEmpty();
        final long start = GeneratedRun.DEFAULT.startMs();
        assertThat(run.transactions.get(0).tsMs()).isBetween(start, start + 3_600_000);
        // 4000 cards at about 2.5 a day: 200k events span roughly three weeks
        assertThat(previous - start).isBetween(10 * 86_400_000L, 40 * 86_400_000L);
    }

    @Test
    void shouldGiveUniqueIdsThatSortInEmissionOrder()
    {
        final Pattern format = Pattern.compile("tx-\\d{10}");
        final List<String> wrong = new ArrayList<>();
        String previous = "";
        for (final GeneratedTransaction tx : run.transactions)
        {
            if (!format.matcher(tx.id()).matches() || tx.id().compareTo(previous) <= 0)
            {
                wrong.add(tx.id());
            }
            previous = tx.id();
        }
        assertThat(wrong).isEmpty();
        assertThat(run.transactions.get(0).id()).isEqualTo("tx-0000000001");
    }

    @Test
    void shouldDeclineAFewPercent()
    {
        final long declined = run.transactions.stream().filter(tx -> !tx.isApproved()).count();
        assertThat((double)declined / run.transactions.size()).isBetween(0.01, 0.06);
    }

    @Test
    void shouldGiveCardPresentTransactionsALocationAndOnlineOnesADevice()
    {
        final Pattern device = Pattern.compile("dev-[0-9a-f]{16}");
        final Pattern ip = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
        final List<GeneratedTransaction> wrong = new ArrayList<>();
        for (final GeneratedTransaction tx : run.transactions)
        {
            final boolean ok = tx.isCardPresent() ?
                tx.hasLocation() && tx.device().isEmpty() && tx.ip().isEmpty() :
                tx.channel() == Channel.ECOM && !tx.hasLocation() && device.matcher(tx.device()).matches() &&
                    ip.matcher(tx.ip()).matches();
            if (!ok)
            {
                wrong.add(tx);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldUseAllFourChannelsAndManyCategories()
    {
        final Map<Channel, Long> byChannel = run.transactions.stream()
            .collect(Collectors.groupingBy(GeneratedTransaction::channel, Collectors.counting()));
        assertThat(byChannel).containsOnlyKeys(Channel.POS, Channel.CONTACTLESS, Channel.ECOM, Channel.ATM);
        assertThat(byChannel.get(Channel.ATM)).isGreaterThan(run.transactions.size() / 100);
        final Set<Integer> mccs = run.transactions.stream().map(GeneratedTransaction::mcc).collect(Collectors.toSet());
        assertThat(mccs).contains(5411, 5812, 5541, 5999, 4121, 5732, 7995, 6011);
    }

    @Test
    void shouldPayInTheMerchantCountrysCurrency()
    {
        final List<GeneratedTransaction> wrong = new ArrayList<>();
        for (final GeneratedTransaction tx : run.transactions)
        {
            final Geography.Country country = Geography.country(tx.country());
            if (country == null || !tx.currency().equals(country.currency()))
            {
                wrong.add(tx);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldKeepNormalAmountsMostlyUnderAFewHundred()
    {
        final List<GeneratedTransaction> usd = run.transactions.stream()
            .filter(tx -> tx.currency().equals("USD") && !run.caseByTxId.containsKey(tx.id())).toList();
        final long under300 = usd.stream().filter(tx -> tx.amountMinor() < 300_00).count();
        assertThat((double)under300 / usd.size()).isGreaterThan(0.95);
        assertThat(usd.stream().mapToLong(GeneratedTransaction::amountMinor).max().orElseThrow())
            .isLessThanOrEqualTo(1_200_00);
    }

    @Test
    void shouldGiveSomeAccountsTwoCardsAndNoneMore()
    {
        final Map<String, Set<String>> cardsByAccount = new HashMap<>();
        for (final GeneratedTransaction tx : run.transactions)
        {
            cardsByAccount.computeIfAbsent(tx.account(), a -> new HashSet<>()).add(tx.card());
        }
        final long twoCards = cardsByAccount.values().stream().filter(c -> c.size() == 2).count();
        assertThat(twoCards).isGreaterThan(cardsByAccount.size() / 20);
        assertThat(cardsByAccount.values()).allSatisfy(c -> assertThat(c).hasSizeLessThanOrEqualTo(2));
    }

    @Test
    void shouldBuyLessAtNightThanAtMidday()
    {
        // British and Irish cardholders' own card-present purchases: local time is UTC
        final int[] byHour = new int[24];
        for (final GeneratedTransaction tx : run.transactions)
        {
            if ((tx.country().equals("GB") || tx.country().equals("IE")) && tx.isCardPresent())
            {
                byHour[NormalTraffic.localHour(tx.tsMs(), 0)]++;
            }
        }
        final int night = byHour[2] + byHour[3] + byHour[4];
        final int midday = byHour[11] + byHour[12] + byHour[13];
        assertThat(night).isGreaterThan(0);
        assertThat((double)night / midday).isLessThan(0.2);
    }

    @Test
    void shouldFormatAmountsThatReparseExactly()
    {
        final List<GeneratedTransaction> wrong = new ArrayList<>();
        final Set<Integer> exponents = new HashSet<>();
        for (final GeneratedTransaction tx : GeneratedRun.of(GeneratedRun.HIGH_NOMINAL).transactions)
        {
            final String json = TransactionJsonWriter.toJson(tx);
            final int from = json.indexOf("\"amount\":") + 9;
            final String text = json.substring(from, json.indexOf(',', from));
            final int exponent = Currencies.exponent(tx.currency());
            final int decimals = text.indexOf('.') < 0 ? 0 : text.length() - text.indexOf('.') - 1;
            if (Amounts.parseMinor(text, exponent) != tx.amountMinor() || decimals != exponent ||
                !text.equals(tx.amountText()))
            {
                wrong.add(tx);
            }
            exponents.add(exponent);
        }
        assertThat(wrong).isEmpty();
        assertThat(exponents).containsExactlyInAnyOrder(0, 2);
    }

    @Test
    void shouldStreamWhatTheIteratorWouldGive()
    {
        final GeneratorConfig config = GeneratedRun.DEFAULT.toBuilder().events(5_000).build();
        final TrafficGenerator iterated = new TrafficGenerator(config);
        final List<GeneratedTransaction> streamed = new TrafficGenerator(config).stream().toList();
        assertThat(streamed).hasSize(5_000);
        for (final GeneratedTransaction tx : streamed)
        {
            assertThat(tx).isEqualTo(iterated.next());
        }
        assertThat(iterated.hasNext()).isFalse();
    }

    @Test
    void shouldGiveTheSameTransactionsForTheSameSeedAndOthersForAnother()
    {
        final GeneratorConfig config = GeneratedRun.DEFAULT.toBuilder().events(20_000).build();
        final List<GeneratedTransaction> first = new TrafficGenerator(config).stream().toList();
        final List<GeneratedTransaction> again = new TrafficGenerator(config).stream().toList();
        final List<GeneratedTransaction> other = new TrafficGenerator(config.toBuilder().seed(8).build())
            .stream().toList();
        assertThat(again).isEqualTo(first);
        assertThat(other.get(0)).isNotEqualTo(first.get(0));
        assertThat(other.subList(0, 100)).isNotEqualTo(first.subList(0, 100));
    }

    @Test
    void shouldReleaseACaseOnlyOnceItsLastTransactionIsOut()
    {
        final TrafficGenerator generator = new TrafficGenerator(GeneratedRun.DEFAULT);
        final Set<String> emitted = new HashSet<>();
        int seen = 0;
        while (generator.hasNext())
        {
            emitted.add(generator.next().id());
            if (generator.emitted() % 20_000 == 0)
            {
                final List<TruthCase> done = generator.truthCases();
                assertThat(done.size()).isGreaterThanOrEqualTo(seen);
                assertThat(done).allMatch(c -> emitted.containsAll(c.txIds()));
                seen = done.size();
            }
        }
        assertThat(generator.truthCases()).hasSize(GeneratedRun.DEFAULT.totalCases());
    }
}
