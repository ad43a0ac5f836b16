package io.vigil.ops.generate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What to generate: seed, size, start time, population and how much fraud. Immutable; built and validated once
 * by {@link Builder#build()}, which names the field and the expected range in its message.
 * <p>
 * Fraud is given as a rate ({@link Builder#fraudCasesPerMillion(double)}: cases per million events, split evenly
 * over the {@link FraudType}s) or as exact counts per type ({@link Builder#cases(FraudType, int)}), which override
 * the rate for that type.
 * <p>
 * {@link Builder#context(boolean) Context} (off by default) adds the events beyond transactions that the
 * join rules read (card and account profiles, merchant reference, account events, reference lists) and the
 * {@link FraudType#contextual() contextual} cases, at {@link Builder#contextCasesPerMillion(double)} split evenly
 * over those types. It leaves the transactions of the traffic and of the transaction-only cases as they are
 * without it: {@link #events()} counts those; context events and the contextual cases' transactions come on top.
 */
public final class GeneratorConfig
{
    /** 2026-01-05T00:00:00Z, a Monday: the default start, so that output never depends on the wall clock. */
    public static final long DEFAULT_START_MS = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
    /** Seed when none is given. */
    public static final long DEFAULT_SEED = 1;
    /** Events when none are given: with the default cards, about five weeks of traffic. */
    public static final long DEFAULT_EVENTS = 1_000_000;
    /** Cards when none are given. */
    public static final int DEFAULT_CARDS = 10_000;
    /** 250 cases per million events: about 0.1 % of the transactions are injected fraud. */
    public static final double DEFAULT_FRAUD_CASES_PER_MILLION = 250;
    /** Contextual cases per million events when context is on: 20 of each of the six types. */
    public static final double DEFAULT_CONTEXT_CASES_PER_MILLION = 120;
    /** Account events (mostly logins) per account per day, when context is on. */
    public static final double DEFAULT_ACCOUNT_EVENTS_PER_DAY = 0.5;
    /** Card profile updates (limit changes) per card per day, when context is on. */
    public static final double DEFAULT_PROFILE_UPDATES_PER_DAY = 0.02;

    /**
     * Default home countries have a currency worth at least half a dollar: the engine's amount rules compare
     * major units of the transaction's currency (3000.00 is ¥3000, about US$20), so everyday yen, real or peso
     * spending would cross them. Cardholders from Japan, Brazil and Mexico are opt-in through
     * {@link Builder#homeCountries(String...)}; their currencies appear anyway, when cards travel there.
     */
    public static final double MAX_DEFAULT_HOME_PER_USD = 2.0;

    /** Most events in one generation: ids carry 10 digits. */
    public static final long MAX_EVENTS = 9_999_999_999L;
    /** Fewest cards. */
    public static final int MIN_CARDS = 10;
    /** Most cards: the population takes about 60 bytes a card. */
    public static final int MAX_CARDS = 5_000_000;
    /** Highest fraud rate. */
    public static final double MAX_FRAUD_CASES_PER_MILLION = 20_000;
    /** Most fraud cases in one generation: case ids carry 6 digits. */
    public static final int MAX_CASES = 999_999;
    /** 9999-12-31T23:59:59.999Z. */
    public static final long MAX_START_MS = 253_402_300_799_999L;
    /** Transactions in the largest case (a velocity burst of 9 plus a declined attempt). */
    static final int MAX_TRANSACTIONS_PER_CASE = 10;

    private final long seed;
    private final long events;
    private final int cards;
    private final long startMs;
    private final double fraudCasesPerMillion;
    private final Map<FraudType, Integer> cases;
    private final List<String> homeCountries;
    private final boolean context;
    private final double contextCasesPerMillion;
    private final double accountEventsPerDay;
    private final double profileUpdatesPerDay;

    private GeneratorConfig(final Builder b, final Map<FraudType, Integer> cases, final List<String> homeCountries)
    {
        this.seed = b.seed;
        this.events = b.events;
        this.cards = b.cards;
        this.startMs = b.startMs;
        this.fraudCasesPerMillion = b.fraudCasesPerMillion;
        this.cases = cases;
        this.homeCountries = homeCountries;
        this.context = b.context;
        this.contextCasesPerMillion = b.contextCasesPerMillion;
        this.accountEventsPerDay = b.accountEventsPerDay;
        this.profileUpdatesPerDay = b.profileUpdatesPerDay;
    }

    /** @return a builder holding the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return the default configuration. */
    public static GeneratorConfig defaults()
    {
        return builder().build();
    }

    /** @return a builder holding this configuration, to derive another. */
    public Builder toBuilder()
    {
        final Builder b = new Builder().seed(seed).events(events).cards(cards).startMs(startMs)
            .fraudCasesPerMillion(fraudCasesPerMillion).homeCountries(homeCountries).context(context)
            .contextCasesPerMillion(contextCasesPerMillion).accountEventsPerDay(accountEventsPerDay)
            .profileUpdatesPerDay(profileUpdatesPerDay);
        b.explicitCases.putAll(cases);
        return b;
    }

    /** @return seed of every random choice. */
    public long seed()
    {
        return seed;
    }

    /** @return transactions to emit, injected ones included. */
    public long events()
    {
        return events;
    }

    /** @return cards in the population. */
    public int cards()
    {
        return cards;
    }

    /** @return event time at which the traffic starts, epoch ms. */
    public long startMs()
    {
        return startMs;
    }

    /** @return the fraud rate used for the types without an explicit count. */
    public double fraudCasesPerMillion()
    {
        return fraudCasesPerMillion;
    }

    /**
     * @param type a pattern.
     * @return how many cases of it to inject.
     */
    public int cases(final FraudType type)
    {
        return cases.getOrDefault(type, 0);
    }

    /** @return cases to inject per type, in {@link FraudType} order; the contextual types only with context on. */
    public Map<FraudType, Integer> casesByType()
    {
        return cases;
    }

    /** @return cases of all types. */
    public int totalCases()
    {
        int total = 0;
        for (final int n : cases.values())
        {
            total += n;
        }
        return total;
    }

    /** @return countries (ISO 3166 alpha-2) the cardholders live in, in the world table's order. */
    public List<String> homeCountries()
    {
        return homeCountries;
    }

    /** @return whether events beyond transactions, and the contextual cases, are generated. */
    public boolean context()
    {
        return context;
    }

    /** @return contextual cases per million events (when context is on and no count is given). */
    public double contextCasesPerMillion()
    {
        return contextCasesPerMillion;
    }

    /** @return account events per account per day, when context is on. */
    public double accountEventsPerDay()
    {
        return accountEventsPerDay;
    }

    /** @return card profile updates per card per day, when context is on. */
    public double profileUpdatesPerDay()
    {
        return profileUpdatesPerDay;
    }

    /** @return cases of the transaction-only types (those {@link TrafficGenerator} injects). */
    public int transactionCases()
    {
        int total = 0;
        for (final Map.Entry<FraudType, Integer> e : cases.entrySet())
        {
            total += e.getKey().contextual() ? 0 : e.getValue();
        }
        return total;
    }

    @Override
    public String toString()
    {
        return "GeneratorConfig{seed=" + seed + ", events=" + events + ", cards=" + cards + ", startMs=" + startMs +
            " (" + Instant.ofEpochMilli(startMs) + "), cases=" + cases + ", homeCountries=" + homeCountries + ", context=" + context + '}';
    }

    /**
     * Collects settings; {@link #build()} validates them. Not thread-safe.
     */
    public static final class Builder
    {
        private long seed = DEFAULT_SEED;
        private long events = DEFAULT_EVENTS;
        private int cards = DEFAULT_CARDS;
        private long startMs = DEFAULT_START_MS;
        private double fraudCasesPerMillion = DEFAULT_FRAUD_CASES_PER_MILLION;
        private final Map<FraudType, Integer> explicitCases = new EnumMap<>(FraudType.class);
        private List<String> homeCountries;
        private boolean context;
        private double contextCasesPerMillion = DEFAULT_CONTEXT_CASES_PER_MILLION;
        private double accountEventsPerDay = DEFAULT_ACCOUNT_EVENTS_PER_DAY;
        private double profileUpdatesPerDay = DEFAULT_PROFILE_UPDATES_PER_DAY;

        private Builder()
        {
        }

        /**
         * @param seed any value; the same configuration and seed give byte-identical output.
         * @return this.
         */
        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /**
         * @param events transactions to emit in total, 1 to {@value GeneratorConfig#MAX_EVENTS}.
         * @return this.
         */
        public Builder events(final long events)
        {
            this.events = events;
            return this;
        }

        /**
         * @param cards population size, {@value GeneratorConfig#MIN_CARDS} to {@value GeneratorConfig#MAX_CARDS}.
         *              With a few transactions per card and day, events / cards sets the time span.
         * @return this.
         */
        public Builder cards(final int cards)
        {
            this.cards = cards;
            return this;
        }

        /**
         * @param startMs event time of the start, epoch ms, not negative.
         * @return this.
         */
        public Builder startMs(final long startMs)
        {
            this.startMs = startMs;
            return this;
        }

        /**
         * @param casesPerMillion fraud cases per million events, split evenly over the five types.
         * @return this.
         */
        public Builder fraudCasesPerMillion(final double casesPerMillion)
        {
            this.fraudCasesPerMillion = casesPerMillion;
            return this;
        }

        /**
         * @param type  a pattern.
         * @param count exact number of its cases, overriding the rate; 0 to inject none.
         * @return this.
         */
        public Builder cases(final FraudType type, final int count)
        {
            explicitCases.put(type, count);
            return this;
        }

        /**
         * @param codes ISO 3166 alpha-2 codes of the countries cardholders live in, any of the world's
         *              (US GB DE FR ES IT NL IE CH JP CA AU BR MX SG AE ZA KR IN TH); {@code null} or empty for
         *              the default mix: US, GB, DE, FR, ES, IT, NL, IE, CH, CA, AU, weighted roughly by card
         *              volume. JP, BR and MX are opt-in: see {@link GeneratorConfig#MAX_DEFAULT_HOME_PER_USD}.
         * @return this.
         */
        public Builder homeCountries(final List<String> codes)
        {
            this.homeCountries = codes == null ? null : new ArrayList<>(codes);
            return this;
        }

        /**
         * @param codes ISO 3166 alpha-2 codes.
         * @return this.
         */
        public Builder homeCountries(final String... codes)
        {
            return homeCountries(List.of(codes));
        }

        /**
         * @return the validated configuration.
         * @throws IllegalArgumentException naming the first invalid field and what was expected.
         */
        /**
         * @param on whether to generate profiles, merchant reference, account events, reference entries and the
         *           contextual cases (default off).
         * @return this.
         */
        public Builder context(final boolean on)
        {
            this.context = on;
            return this;
        }

        /**
         * @param casesPerMillion contextual cases per million events, split evenly over the contextual types.
         * @return this.
         */
        public Builder contextCasesPerMillion(final double casesPerMillion)
        {
            this.contextCasesPerMillion = casesPerMillion;
            return this;
        }

        /**
         * @param perDay account events (logins, rarely a device change, password reset or address change) per
         *               account per day.
         * @return this.
         */
        public Builder accountEventsPerDay(final double perDay)
        {
            this.accountEventsPerDay = perDay;
            return this;
        }

        /**
         * @param perDay card profile updates (a new limit) per card per day.
         * @return this.
         */
        public Builder profileUpdatesPerDay(final double perDay)
        {
            this.profileUpdatesPerDay = perDay;
            return this;
        }

        public GeneratorConfig build()
        {
            rate("contextCasesPerMillion", contextCasesPerMillion, MAX_FRAUD_CASES_PER_MILLION);
            rate("accountEventsPerDay", accountEventsPerDay, 100);
            rate("profileUpdatesPerDay", profileUpdatesPerDay, 100);
            if (events < 1 || events > MAX_EVENTS)
            {
                throw new IllegalArgumentException("events: expected 1.." + MAX_EVENTS + ", found " + events);
            }
            if (cards < MIN_CARDS || cards > MAX_CARDS)
            {
                throw new IllegalArgumentException(
                    "cards: expected " + MIN_CARDS + ".." + MAX_CARDS + ", found " + cards);
            }
            if (startMs < 0 || startMs > MAX_START_MS)
            {
                throw new IllegalArgumentException(
                    "startMs: expected epoch milliseconds in 0.." + MAX_START_MS + ", found " + startMs);
            }
            if (!(fraudCasesPerMillion >= 0 && fraudCasesPerMillion <= MAX_FRAUD_CASES_PER_MILLION))
            {
                throw new IllegalArgumentException("fraudCasesPerMillion: expected 0.." + MAX_FRAUD_CASES_PER_MILLION +
                    ", found " + fraudCasesPerMillion);
            }
            final Map<FraudType, Integer> resolved = resolveCases();
            long total = 0;
            for (final int n : resolved.values())
            {
                total += n;
            }
            if (total > MAX_CASES)
            {
                throw new IllegalArgumentException("cases: at most " + MAX_CASES + " in total, found " + total +
                    "; lower the fraud rate or the case counts");
            }
            if (total * MAX_TRANSACTIONS_PER_CASE > events / 2)
            {
                throw new IllegalArgumentException("cases: " + total + " fraud cases of up to " +
                    MAX_TRANSACTIONS_PER_CASE + " transactions each could exceed half of the " + events +
                    " events; lower the fraud rate or the case counts, or raise events");
            }
            return new GeneratorConfig(this, Collections.unmodifiableMap(resolved), resolveHomeCountries());
        }

        private static void rate(final String name, final double value, final double max)
        {
            if (!(value >= 0 && value <= max))
            {
                throw new IllegalArgumentException(name + ": expected 0.." + max + ", found " + value);
            }
        }

        private Map<FraudType, Integer> resolveCases()
        {
            final Map<FraudType, Integer> resolved = new EnumMap<>(FraudType.class);
            resolve(resolved, false, fraudCasesPerMillion);
            if (context)
            {
                resolve(resolved, true, contextCasesPerMillion);
            }
            else
            {
                for (final Map.Entry<FraudType, Integer> e : explicitCases.entrySet())
                {
                    if (e.getKey().contextual() && e.getValue() > 0)
                    {
                        throw new IllegalArgumentException("cases." + e.getKey().wireName() + ": " + e.getValue() +
                            " cases need context events: turn context on");
                    }
                }
            }
            return resolved;
        }

        private void resolve(final Map<FraudType, Integer> resolved, final boolean contextual,
            final double casesPerMillion)
        {
            final List<FraudType> list = new ArrayList<>();
            for (final FraudType t : FraudType.values())
            {
                if (t.contextual() == contextual)
                {
                    list.add(t);
                }
            }
            final FraudType[] types = list.toArray(new FraudType[0]);
            final long fromRate = Math.round(events * casesPerMillion / 1_000_000.0);
            for (int i = 0; i < types.length; i++)
            {
                final Integer explicit = explicitCases.get(types[i]);
                if (explicit != null)
                {
                    if (explicit < 0)
                    {
                        throw new IllegalArgumentException(
                            "cases." + types[i].wireName() + ": expected 0 or more, found " + explicit);
                    }
                    resolved.put(types[i], explicit);
                }
                else
                {
                    // the rate's cases spread evenly, the remainder going to the first types in declaration order
                    final long share = fromRate / types.length + (i < fromRate % types.length ? 1 : 0);
                    resolved.put(types[i], (int)Math.min(share, Integer.MAX_VALUE));
                }
            }
        }

        private List<String> resolveHomeCountries()
        {
            final List<String> result = new ArrayList<>();
            if (homeCountries == null || homeCountries.isEmpty())
            {
                for (final Geography.Country c : Geography.COUNTRIES)
                {
                    if (c.homeWeight() > 0 && c.perUsd() < MAX_DEFAULT_HOME_PER_USD)
                    {
                        result.add(c.code());
                    }
                }
                return List.copyOf(result);
            }
            for (final String code : homeCountries)
            {
                if (code == null || Geography.country(code) == null)
                {
                    throw new IllegalArgumentException("homeCountries: unknown country " + code + ", expected one of " +
                        Geography.countryCodes());
                }
            }
            for (final Geography.Country c : Geography.COUNTRIES)
            {
                if (homeCountries.contains(c.code()))
                {
                    result.add(c.code());
                }
            }
            return List.copyOf(result);
        }
    }
}
