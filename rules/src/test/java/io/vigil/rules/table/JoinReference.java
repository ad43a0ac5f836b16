package io.vigil.rules.table;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.ReferenceList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The brute-force reference for the join properties, knowing nothing of the engine: replay the arrival order
 * with plain {@code java.util} maps as the tables, enrich every transaction with the tables as of its arrival,
 * then per rule and key sort the events by (event time, id) and evaluate, cooldown included.
 */
final class JoinReference
{
    /** A transaction with the table values it saw at arrival. */
    record Seen(Ev tx, Ev profile, Integer customerRisk, Ev merchant, boolean sanctioned)
    {
        double amount()
        {
            return tx.amountMinor() / 100.0;
        }
    }

    /** The customer risk each card's view should show at the end, by card (cards with a profile only). */
    final Map<String, Integer> finalCustomerRisk = new HashMap<>();
    final List<Seen> seen = new ArrayList<>();

    JoinReference(final List<Ev> arrival)
    {
        final Map<String, Ev> profiles = new HashMap<>();
        final Map<String, Integer> accountRisk = new HashMap<>();
        final Map<String, Ev> merchants = new HashMap<>();
        final Set<String> sanctioned = new HashSet<>();
        for (final Ev e : arrival)
        {
            switch (e.kind())
            {
                case CARD_PROFILE:
                    profiles.put(e.card(), e);
                    break;
                case ACCOUNT_PROFILE:
                    accountRisk.put(e.account(), e.level());
                    break;
                case MERCHANT_PROFILE:
                    merchants.put(e.merchant(), e);
                    break;
                case REFERENCE:
                    if (e.subtype() == ReferenceList.SANCTIONED_COUNTRY.code())
                    {
                        if (e.level() == 1)
                        {
                            sanctioned.add(e.country());
                        }
                        else
                        {
                            sanctioned.remove(e.country());
                        }
                    }
                    break;
                case TRANSACTION:
                {
                    final Ev profile = profiles.get(e.card());
                    final Integer risk = profile == null ? null : accountRisk.get(profile.account());
                    seen.add(new Seen(e, profile, risk, merchants.get(e.merchant()), sanctioned.contains(e.country())));
                    break;
                }
                default:
                    break;
            }
        }
        profiles.forEach((card, p) -> finalCustomerRisk.put(card, accountRisk.getOrDefault(p.account(), 0)));
    }

    /**
     * @return "rule tx_id" of a filter-only rule (sliding window, {@code count() >= 1}) keyed by {@code key}.
     */
    Set<String> filterRule(final String rule, final Predicate<Seen> filter, final Function<Ev, String> key,
        final long cooldownMs)
    {
        final Map<String, List<Ev>> byKey = new HashMap<>();
        for (final Seen s : seen)
        {
            if (filter.test(s))
            {
                byKey.computeIfAbsent(key.apply(s.tx()), k -> new ArrayList<>()).add(s.tx());
            }
        }
        final Set<String> out = new TreeSet<>();
        for (final List<Ev> events : byKey.values())
        {
            fireWithCooldown(rule, events, cooldownMs, e -> true, out);
        }
        return out;
    }

    /**
     * @return "rule tx_id" of the two-step sequence: an account event with a reset or device change, then a
     * transaction of at least {@code minAmount} on the same account, within {@code withinMs}.
     */
    static Set<String> takeover(final String rule, final List<Ev> arrival, final double minAmount,
        final long withinMs, final long cooldownMs)
    {
        final Map<String, List<Ev>> byAccount = new HashMap<>();
        for (final Ev e : arrival)
        {
            if ((e.kind() == EventKind.TRANSACTION || e.kind() == EventKind.ACCOUNT_EVENT) && !e.account().isEmpty())
            {
                byAccount.computeIfAbsent(e.account(), k -> new ArrayList<>()).add(e);
            }
        }
        final Set<String> out = new TreeSet<>();
        for (final List<Ev> events : byAccount.values())
        {
            events.sort(ORDER);
            fireWithCooldown(rule, events, cooldownMs, e ->
            {
                if (e.kind() != EventKind.TRANSACTION || e.amountMinor() / 100.0 < minAmount)
                {
                    return false;
                }
                for (final Ev before : events)
                {
                    if (ORDER.compare(before, e) >= 0)
                    {
                        break;
                    }
                    if (before.kind() == EventKind.ACCOUNT_EVENT && before.tsMs() > e.tsMs() - withinMs &&
                        (before.subtype() == AccountAction.PASSWORD_RESET.code() ||
                        before.subtype() == AccountAction.DEVICE_CHANGE.code()))
                    {
                        return true;
                    }
                }
                return false;
            }, out);
        }
        return out;
    }

    static final Comparator<Ev> ORDER = Comparator.comparingLong(Ev::tsMs).thenComparing(Ev::id);

    private static void fireWithCooldown(final String rule, final List<Ev> events, final long cooldownMs,
        final Predicate<Ev> fires, final Set<String> out)
    {
        final List<Ev> sorted = new ArrayList<>(events);
        sorted.sort(ORDER);
        Long lastAlertMs = null;
        for (final Ev e : sorted)
        {
            if (fires.test(e) && (lastAlertMs == null || e.tsMs() >= lastAlertMs + cooldownMs))
            {
                out.add(rule + " " + e.id());
                lastAlertMs = e.tsMs();
            }
        }
    }
}
