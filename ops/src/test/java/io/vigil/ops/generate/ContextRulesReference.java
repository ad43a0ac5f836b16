package io.vigil.ops.generate;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.ReferenceList;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TransactionFlyweight;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A brute-force reading of the six contextual pack rules (issue 8 contract) over a stream of events in order:
 * tables as of each transaction's position. For tests of the generator's injected cases, independent of the
 * engine's join implementation.
 */
final class ContextRulesReference
{
    private static final long WINDOW_MS = 15 * 60_000L;

    private record Profile(String account, String home, CardStatus status)
    {
    }

    private final Map<String, Profile> cards = new HashMap<>();
    private final Map<String, RiskLevel> merchants = new HashMap<>();
    private final Map<String, RiskLevel> accounts = new HashMap<>();
    private final Set<String> sanctioned = new HashSet<>();
    private final Map<String, List<Long>> resets = new HashMap<>();

    /**
     * @param event the next event in stream order.
     * @return for a transaction, the rule ids that fire on it; for other kinds, empty after applying the update.
     */
    Set<String> apply(final TransactionFlyweight event)
    {
        final EventKind kind = EventKind.fromCode(event.kind());
        switch (kind)
        {
            case CARD_PROFILE -> cards.put(event.card(), new Profile(event.account(), event.country(),
                CardStatus.fromCode(event.subtype())));
            case MERCHANT_PROFILE -> merchants.put(event.merchant(), RiskLevel.fromCode(event.level()));
            case ACCOUNT_PROFILE -> accounts.put(event.account(), RiskLevel.fromCode(event.level()));
            case REFERENCE ->
            {
                if (event.subtype() == ReferenceList.SANCTIONED_COUNTRY.code())
                {
                    if (event.level() == 1)
                    {
                        sanctioned.add(event.country());
                    }
                    else
                    {
                        sanctioned.remove(event.country());
                    }
                }
            }
            case ACCOUNT_EVENT ->
            {
                if (event.subtype() == AccountAction.PASSWORD_RESET.code() ||
                    event.subtype() == AccountAction.DEVICE_CHANGE.code())
                {
                    resets.computeIfAbsent(event.account(), a -> new ArrayList<>()).add(event.tsMs());
                }
            }
            case TRANSACTION ->
            {
                return transaction(event);
            }
            default -> throw new IllegalStateException("kind " + kind);
        }
        return Set.of();
    }

    private Set<String> transaction(final TransactionFlyweight tx)
    {
        final Set<String> fired = new HashSet<>();
        final double major = tx.amountMinor() / Math.pow(10, tx.currencyExponent());
        final Profile profile = cards.get(tx.card());
        if (profile != null && profile.status() != CardStatus.ACTIVE)
        {
            fired.add("blocked-card-used");
        }
        if (profile != null && tx.isApproved() && major >= 1000 && !tx.country().equals(profile.home()))
        {
            fired.add("abroad-large-vs-home");
        }
        if (merchants.get(tx.merchant()) == RiskLevel.HIGH && major >= 500)
        {
            fired.add("high-risk-merchant-large");
        }
        if (sanctioned.contains(tx.country()))
        {
            fired.add("sanctioned-country");
        }
        for (final long resetMs : resets.getOrDefault(tx.account(), List.of()))
        {
            if (resetMs <= tx.tsMs() && tx.tsMs() - resetMs <= WINDOW_MS && major >= 800)
            {
                fired.add("takeover-reset-then-spend");
            }
        }
        if (profile != null && accounts.get(profile.account()) == RiskLevel.HIGH && major >= 2000)
        {
            fired.add("high-risk-customer-large");
        }
        return fired;
    }
}
