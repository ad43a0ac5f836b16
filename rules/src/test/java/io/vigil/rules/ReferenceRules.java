package io.vigil.rules;

import io.vigil.core.event.Amounts;
import io.vigil.core.event.Currencies;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Brute-force reference for the default pack, written from the rule definitions and nothing else: for each
 * card, its events sorted in reference order, and for each event an O(n) look back over the events before it.
 */
public final class ReferenceRules
{
    static final long VELOCITY_WINDOW_MS = 60_000;
    static final long VELOCITY_COOLDOWN_MS = 300_000;
    static final long SUM_WINDOW_MS = 3_600_000;
    static final long SUM_COOLDOWN_MS = 3_600_000;
    static final long TESTING_WITHIN_MS = 600_000;
    static final long TESTING_COOLDOWN_MS = 600_000;
    static final int MAX_IDS = 32;

    /**
     * An expected alert.
     *
     * @param rule   rule id.
     * @param card   card.
     * @param txId   triggering transaction.
     * @param figure what the alert reports: velocity "count ids", sum "sum count", testing "count ids amount".
     */
    public record Expected(String rule, String card, String txId, String figure)
    {
    }

    private ReferenceRules()
    {
    }

    /**
     * @param txs a stream, in any order.
     * @return the alerts the default pack gives on the stream sorted in reference order.
     */
    public static Set<Expected> alerts(final List<Tx> txs)
    {
        final Map<String, List<Tx>> byCard = new TreeMap<>();
        for (final Tx tx : txs)
        {
            byCard.computeIfAbsent(tx.card(), c -> new ArrayList<>()).add(tx);
        }
        final Set<Expected> out = new HashSet<>();
        for (final List<Tx> events : byCard.values())
        {
            events.sort(Tx::compareReference);
            velocity(events, out);
            sum(events, out);
            testing(events, out);
        }
        return out;
    }

    private static void velocity(final List<Tx> sorted, final Set<Expected> out)
    {
        final List<Tx> approved = sorted.stream().filter(Tx::approved).collect(Collectors.toList());
        Long lastAlert = null;
        for (int i = 0; i < approved.size(); i++)
        {
            final Tx e = approved.get(i);
            final List<String> ids = new ArrayList<>();
            for (int j = 0; j <= i; j++)
            {
                if (approved.get(j).tsMs() > e.tsMs() - VELOCITY_WINDOW_MS)
                {
                    ids.add(approved.get(j).id());
                }
            }
            if (ids.size() >= 5 && (lastAlert == null || e.tsMs() >= lastAlert + VELOCITY_COOLDOWN_MS))
            {
                lastAlert = e.tsMs();
                out.add(new Expected("card-velocity-60s", e.card(), e.id(), ids.size() + " " + listed(ids)));
            }
        }
    }

    private static void sum(final List<Tx> sorted, final Set<Expected> out)
    {
        final List<Tx> approved = sorted.stream().filter(Tx::approved).collect(Collectors.toList());
        Long lastAlert = null;
        for (int i = 0; i < approved.size(); i++)
        {
            final Tx e = approved.get(i);
            long sum = 0;
            int count = 0;
            for (int j = 0; j <= i; j++)
            {
                final Tx w = approved.get(j);
                if (w.tsMs() > e.tsMs() - SUM_WINDOW_MS && w.currency().equals(e.currency()))
                {
                    sum += w.amountMinor();
                    count++;
                }
            }
            final int exponent = Currencies.exponent(e.currency());
            if (sum >= 3000 * pow10(exponent) && (lastAlert == null || e.tsMs() >= lastAlert + SUM_COOLDOWN_MS))
            {
                lastAlert = e.tsMs();
                out.add(new Expected("card-amount-sum-1h", e.card(), e.id(),
                    Amounts.format(sum, exponent) + " " + count + " " + e.currency()));
            }
        }
    }

    private static void testing(final List<Tx> sorted, final Set<Expected> out)
    {
        Long lastAlert = null;
        for (int i = 0; i < sorted.size(); i++)
        {
            final Tx e = sorted.get(i);
            final int exponent = Currencies.exponent(e.currency());
            if (e.amountMinor() < 500 * pow10(exponent))
            {
                continue;
            }
            final List<String> probes = new ArrayList<>();
            for (int j = 0; j < i; j++)
            {
                final Tx p = sorted.get(j);
                if (p.tsMs() > e.tsMs() - TESTING_WITHIN_MS &&
                    p.amountMinor() < 2 * pow10(Currencies.exponent(p.currency())))
                {
                    probes.add(p.id());
                }
            }
            if (probes.size() >= 3 && (lastAlert == null || e.tsMs() >= lastAlert + TESTING_COOLDOWN_MS))
            {
                lastAlert = e.tsMs();
                out.add(new Expected("card-testing", e.card(), e.id(),
                    probes.size() + " " + listed(probes) + " " + Amounts.format(e.amountMinor(), exponent)));
            }
        }
    }

    private static String listed(final List<String> ids)
    {
        final int shown = Math.min(ids.size(), MAX_IDS);
        return ids.subList(0, shown) + "+" + (ids.size() - shown);
    }

    private static long pow10(final int exponent)
    {
        long p = 1;
        for (int i = 0; i < exponent; i++)
        {
            p *= 10;
        }
        return p;
    }

    /**
     * Reads an engine alert into the reference's terms.
     *
     * @param alert a captured alert.
     * @return the same shape as {@link Expected}.
     */
    public static Expected of(final CapturedAlert alert)
    {
        final var d = alert.details();
        final String figure;
        switch (alert.rule())
        {
            case "card-velocity-60s":
                figure = d.get("count").asLong() + " " + ids(d.get("tx_ids")) + "+" + d.get("tx_ids_omitted").asLong();
                break;
            case "card-amount-sum-1h":
                figure = d.get("sum").asText() + " " + d.get("count").asLong() + " " + d.get("currency").asText();
                break;
            default:
                figure = d.get("probe_count").asLong() + " " + ids(d.get("probe_tx_ids")) + "+" +
                    d.get("probe_tx_ids_omitted").asLong() + " " + d.get("hit_amount").asText();
                break;
        }
        return new Expected(alert.rule(), alert.key(), alert.txId(), figure);
    }

    private static List<String> ids(final com.fasterxml.jackson.databind.JsonNode array)
    {
        final List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asText()));
        return ids;
    }
}
