package io.vigil.ops.generate;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.Channel;
import io.vigil.core.event.RiskLevel;
import io.vigil.core.event.TxStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Plans the {@link FraudType#contextual() contextual} cases before the stream starts, like {@link FraudPlanner}
 * (one per equal time slot over the middle 92 % of the span, types shuffled, cases on one card at least three
 * hours apart), and builds each case's events: the context event that sets it up and the transactions the pack
 * rule of the same name must catch, with a margin on every threshold (amounts in major units of the
 * transaction's currency, as the rules compare them).
 */
final class ContextCases
{
    private static final long MINUTE_MS = 60_000L;
    private static final double MARGIN = 0.04;
    private static final int ATTEMPTS = 1_000;

    /**
     * One planned event of a case.
     *
     * @param caseIndex position of the case in {@link #cases()}.
     * @param template  the event, without an id.
     */
    record Step(int caseIndex, GeneratedEvent template)
    {
    }

    private final CardPopulation cards;
    private final MerchantDirectory merchants;
    private final ContextWorld world;
    private final SplittableRandom rng;
    private final FraudScenarios scenarios;
    private final List<PlannedCase> cases = new ArrayList<>();
    private final List<String> accounts = new ArrayList<>();
    private final List<Step> steps = new ArrayList<>();

    ContextCases(final GeneratorConfig config, final CardPopulation cards, final MerchantDirectory merchants,
        final ContextWorld world, final SplittableRandom rng, final long startMs, final long spanMs,
        final int firstCaseNumber)
    {
        this.cards = cards;
        this.merchants = merchants;
        this.world = world;
        this.rng = rng;
        this.scenarios = new FraudScenarios(cards, merchants, rng);
        final List<FraudType> order = new ArrayList<>();
        for (final FraudType type : FraudType.values())
        {
            for (int i = 0; type.contextual() && i < config.cases(type); i++)
            {
                order.add(type);
            }
        }
        for (int i = order.size() - 1; i > 0; i--)
        {
            final int j = rng.nextInt(i + 1);
            final FraudType swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        // looked up by card, never iterated
        final Map<Integer, Long> lastStartByCard = new HashMap<>();
        final double windowStart = startMs + spanMs * MARGIN;
        final double slotMs = spanMs * (1 - 2 * MARGIN) / Math.max(1, order.size());
        for (int i = 0; i < order.size(); i++)
        {
            final FraudType type = order.get(i);
            final long t0 = (long)(windowStart + slotMs * (i + rng.nextDouble()));
            final int card = chooseCard(type, t0, lastStartByCard);
            lastStartByCard.put(card, t0);
            final List<GeneratedEvent> events = build(type, card, t0);
            int txCount = 0;
            for (final GeneratedEvent e : events)
            {
                txCount += e instanceof GeneratedTransaction ? 1 : 0;
                steps.add(new Step(i, e));
            }
            cases.add(new PlannedCase(Ids.padded("case-", firstCaseNumber + i, 6), type, CardPopulation.cardId(card),
                txCount));
            accounts.add(type == FraudType.TAKEOVER_RESET_THEN_SPEND || type == FraudType.HIGH_RISK_CUSTOMER_LARGE ?
                cards.accountId(card) : "");
        }
    }

    /** @return the cases, in planned order. */
    List<PlannedCase> cases()
    {
        return cases;
    }

    /** @return per case, the account its rule keys alerts by, or empty when keyed by card. */
    List<String> accounts()
    {
        return accounts;
    }

    /** @return every case's events, case after case, each case's in time order. */
    List<Step> steps()
    {
        return steps;
    }

    private int chooseCard(final FraudType type, final long t0, final Map<Integer, Long> lastStartByCard)
    {
        final int[] highRisk = world.highRiskMerchants();
        for (int attempt = 0; attempt < ATTEMPTS; attempt++)
        {
            final int card = rng.nextInt(cards.count());
            final Long last = lastStartByCard.get(card);
            if (last != null && t0 - last < FraudPlanner.SEPARATION_MS)
            {
                continue;
            }
            if (type == FraudType.HIGH_RISK_CUSTOMER_LARGE && world.accountRisk(cards.account(card)) == RiskLevel.HIGH)
            {
                continue;
            }
            if (type == FraudType.HIGH_RISK_MERCHANT_LARGE && highRisk.length > 0 &&
                !servedByHighRisk(card, highRisk) && attempt < ATTEMPTS / 2)
            {
                continue;
            }
            return card;
        }
        throw new IllegalArgumentException("cases: could not place a " + type.wireName() + " case at t=" + t0 +
            ": " + ATTEMPTS + " cards tried had a case within 3 hours; lower the context case rate");
    }

    private boolean servedByHighRisk(final int card, final int[] highRisk)
    {
        for (final int m : highRisk)
        {
            if (merchants.country(m) == cards.homeCountry(card))
            {
                return true;
            }
        }
        return false;
    }

    private List<GeneratedEvent> build(final FraudType type, final int card, final long t0)
    {
        return switch (type)
        {
            case BLOCKED_CARD_USED -> blockedCardUsed(card, t0);
            case ABROAD_LARGE_VS_HOME -> List.of(abroadLarge(card, t0));
            case HIGH_RISK_MERCHANT_LARGE -> List.of(highRiskMerchant(card, t0));
            case SANCTIONED_COUNTRY -> List.of(sanctioned(card, t0));
            case TAKEOVER_RESET_THEN_SPEND -> takeover(card, t0);
            case HIGH_RISK_CUSTOMER_LARGE -> highRiskCustomer(card, t0);
            default -> throw new IllegalStateException("not a contextual type: " + type);
        };
    }

    /** Reported lost or stolen, used 1–2 times minutes later (declined or not), then restored. */
    private List<GeneratedEvent> blockedCardUsed(final int card, final long t0)
    {
        final List<GeneratedEvent> events = new ArrayList<>();
        final CardStatus status = rng.nextBoolean() ? CardStatus.LOST : CardStatus.STOLEN;
        events.add(world.cardProfile(t0, card, status, world.limitMinor(card)));
        final int count = Randoms.between(rng, 1, 2);
        long ts = t0;
        final String device = Ids.device(rng.nextLong());
        final String ip = Ids.ipv4(CardPopulation.ipIn(Geography.FRAUD_IP_OCTETS, rng));
        for (int i = 0; i < count; i++)
        {
            ts += rng.nextLong(2 * MINUTE_MS, 12 * MINUTE_MS + 1);
            final int m = merchants.randomOnline(cards.homeCountry(card).index(), MerchantCategory.ELECTRONICS, rng);
            events.add(tx(ts, card, m, Money.toMinor(40 + 260 * rng.nextDouble(), merchants.country(m)), Channel.ECOM,
                device, ip, rng.nextBoolean() ? TxStatus.APPROVED : TxStatus.DECLINED));
        }
        events.add(world.cardProfile(ts + rng.nextLong(MINUTE_MS, 3 * MINUTE_MS + 1), card, CardStatus.ACTIVE,
            world.limitMinor(card)));
        return events;
    }

    /** An approved in-person purchase of 1100+ (local major units, and US$1100+) 3000+ km from home. */
    private GeneratedTransaction abroadLarge(final int card, final long t0)
    {
        final int city = scenarios.farCity(cards.homeCity(card));
        final int m = merchants.randomPhysical(city, rng.nextBoolean() ? MerchantCategory.ELECTRONICS :
            MerchantCategory.JEWELRY, rng);
        final Geography.Country country = merchants.country(m);
        final long amount = Math.max(Money.toMinor(1100 + 1400 * rng.nextDouble(), country),
            Math.round(1000 * Money.minorPerMajor(country.currency()) * (1.1 + rng.nextDouble())));
        return tx(t0, card, m, amount, Channel.POS, "", "", TxStatus.APPROVED);
    }

    /** 550–950 (major units) at a high-risk merchant, in the card's home country when one is there. */
    private GeneratedTransaction highRiskMerchant(final int card, final long t0)
    {
        final int[] highRisk = world.highRiskMerchants();
        final List<Integer> local = new ArrayList<>();
        for (final int m : highRisk)
        {
            if (merchants.country(m) == cards.homeCountry(card))
            {
                local.add(m);
            }
        }
        final int m = local.isEmpty() ? highRisk[rng.nextInt(highRisk.length)] : local.get(rng.nextInt(local.size()));
        final Geography.Country country = merchants.country(m);
        final long amount = Math.round((550 + 400 * rng.nextDouble()) * Money.minorPerMajor(country.currency()));
        final boolean online = Double.isNaN(merchants.lat(m));
        return tx(t0, card, m, amount, online ? Channel.ECOM : Channel.POS, online ? Ids.device(rng.nextLong()) : "",
            online ? Ids.ipv4(CardPopulation.ipIn(Geography.FRAUD_IP_OCTETS, rng)) : "", TxStatus.APPROVED);
    }

    /** An online purchase of US$20–400 at a merchant in a sanctioned country. */
    private GeneratedTransaction sanctioned(final int card, final long t0)
    {
        final String[] countries = world.sanctioned();
        final String country = countries[rng.nextInt(countries.length)];
        final long amount = Math.round((20 + 380 * rng.nextDouble()) * 100);
        return new GeneratedTransaction("", t0, CardPopulation.cardId(card), cards.accountId(card),
            sanctionedMerchant(country), MerchantCategory.MISC_RETAIL.mcc(), amount, "USD", country, Double.NaN,
            Double.NaN, Channel.ECOM, Ids.device(rng.nextLong()), Ids.ipv4(CardPopulation.ipIn(Geography.FRAUD_IP_OCTETS,
            rng)), TxStatus.APPROVED);
    }

    /** A password reset or device change from a fraudster's device, then 850–1500 online 1–14 minutes later. */
    private List<GeneratedEvent> takeover(final int card, final long t0)
    {
        final String device = Ids.device(rng.nextLong());
        final String ip = Ids.ipv4(CardPopulation.ipIn(Geography.FRAUD_IP_OCTETS, rng));
        final AccountAction action = rng.nextBoolean() ? AccountAction.PASSWORD_RESET : AccountAction.DEVICE_CHANGE;
        final Geography.Country home = cards.homeCountry(card);
        final ContextEvent reset = ContextEvent.accountEvent(t0, cards.accountId(card), CardPopulation.cardId(card),
            device, ip, home.code(), action);
        final int m = merchants.randomOnline(home.index(), MerchantCategory.ELECTRONICS, rng);
        final long amount = Math.round((850 + 650 * rng.nextDouble()) * Money.minorPerMajor(home.currency()));
        final long ts = t0 + rng.nextLong(MINUTE_MS, 14 * MINUTE_MS + 1);
        return List.of(reset, tx(ts, card, m, amount, Channel.ECOM, device, ip, TxStatus.APPROVED));
    }

    /** The account turns high risk, then 2100–2900 on one of its cards 2–30 minutes later. */
    private List<GeneratedEvent> highRiskCustomer(final int card, final long t0)
    {
        final ContextEvent profile = world.accountProfile(t0, cards.account(card), RiskLevel.HIGH);
        final Geography.Country home = cards.homeCountry(card);
        final int m = merchants.randomPhysical(cards.homeCity(card), MerchantCategory.JEWELRY, rng);
        final long amount = Math.round((2100 + 800 * rng.nextDouble()) * Money.minorPerMajor(home.currency()));
        final long ts = t0 + rng.nextLong(2 * MINUTE_MS, 30 * MINUTE_MS + 1);
        return List.of(profile, tx(ts, card, m, amount, Channel.POS, "", "", TxStatus.APPROVED));
    }

    /** @return the id of the generated merchant in a sanctioned country (outside the merchant directory). */
    static String sanctionedMerchant(final String country)
    {
        return "m-x-" + country;
    }

    private GeneratedTransaction tx(final long ts, final int card, final int merchant, final long amountMinor,
        final Channel channel, final String device, final String ip, final TxStatus status)
    {
        final Geography.Country country = merchants.country(merchant);
        return new GeneratedTransaction("", ts, CardPopulation.cardId(card), cards.accountId(card),
            MerchantDirectory.merchantId(merchant), merchants.category(merchant).mcc(), amountMinor,
            country.currency(), country.code(), merchants.lat(merchant), merchants.lon(merchant), channel, device, ip,
            status);
    }
}
