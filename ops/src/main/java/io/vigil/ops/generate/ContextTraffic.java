package io.vigil.ops.generate;

import io.vigil.core.event.AccountAction;
import io.vigil.core.event.CardStatus;
import io.vigil.core.event.Channel;
import io.vigil.core.event.EventKind;
import io.vigil.core.event.TxStatus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * Card traffic with its context: the transactions of a {@link TrafficGenerator} (unchanged, ids {@code tx-…}),
 * interleaved in event time with the events the join rules read, ids {@code ev-…} in emission order:
 * <ul>
 * <li>at the start (event time {@link GeneratorConfig#startMs()}): the reference lists (sanctioned countries and
 *     blocked BINs no cardholder uses), every merchant's profile (category, risk; a few high-risk merchants where
 *     amounts are small), every account's profile (customer risk, mostly low) and every card's profile (home
 *     country = where the card shops, limit, status active);</li>
 * <li>during the traffic, at {@link GeneratorConfig#accountEventsPerDay()} per account: logins, and rarely a
 *     device change, password reset or address change; a reset or device change is followed by no transaction of
 *     800 or more on the account within 15 minutes (it is turned into a login otherwise) and, one time in two, by
 *     a small online purchase; at {@link GeneratorConfig#profileUpdatesPerDay()} per card: a new limit;</li>
 * <li>the {@link FraudType#contextual() contextual} cases planned by {@link ContextCases}.</li>
 * </ul>
 * On a tie in event time context events go first ({@code ev-} sorts before {@code tx-}). Deterministic for a
 * configuration: the context draws from its own split of the seed, after the three the traffic uses.
 * <p>
 * Thread contract: one thread.
 */
public final class ContextTraffic implements Iterator<GeneratedEvent>
{
    private static final long DAY_MS = 86_400_000L;
    private static final long MINUTE_MS = 60_000L;
    private static final long TAKEOVER_WINDOW_MS = 15 * MINUTE_MS;
    private static final long TAKEOVER_AMOUNT_MAJOR = 800;

    /**
     * A context event (or case/extra transaction) waiting for its time; seq breaks ties in creation order.
     * caseIndex is -1 outside cases; normalCard is the card a normal context event was drawn for, else -1.
     */
    private record Pending(long tsMs, long seq, GeneratedEvent template, int caseIndex, int normalCard)
    {
    }

    private final GeneratorConfig config;
    private final TrafficGenerator traffic;
    private final CardPopulation cards;
    private final MerchantDirectory merchants;
    private final ContextWorld world;
    private final SplittableRandom rng;
    private final PriorityQueue<Pending> pending = new PriorityQueue<>(
        Comparator.comparingLong(Pending::tsMs).thenComparingLong(Pending::seq));
    private final ArrayDeque<GeneratedTransaction> lookahead = new ArrayDeque<>();
    private final List<PlannedCase> cases;
    private final List<String> caseAccounts;
    private final List<List<String>> caseTxIds = new ArrayList<>();
    private final long[] caseFirstTsMs;
    private final TruthCase[] truth;
    private final double accountEventsPerMs;
    private final double profileUpdatesPerMs;
    private final int startupCount;
    private int startupEmitted;
    private int pendingCaseSteps;
    private long seq;
    private long contextEmitted;
    private long emitted;

    /**
     * @param config what to generate; {@link GeneratorConfig#context()} need not be on (then only the start-up
     *               events and the normal context come, no contextual cases, as its counts are 0).
     */
    public ContextTraffic(final GeneratorConfig config)
    {
        this.config = config;
        this.traffic = new TrafficGenerator(config);
        this.cards = traffic.cards();
        this.merchants = traffic.merchants();
        final SplittableRandom seed = new SplittableRandom(config.seed());
        for (int i = 0; i < 3; i++)
        {
            seed.split();
        }
        final SplittableRandom contextRng = seed.split();
        world = new ContextWorld(cards, merchants, contextRng.split());
        final ContextCases planned = new ContextCases(config, cards, merchants, world, contextRng.split(),
            config.startMs(), traffic.spanMs(), config.transactionCases() + 1);
        rng = contextRng.split();
        cases = planned.cases();
        caseAccounts = planned.accounts();
        for (final PlannedCase c : cases)
        {
            caseTxIds.add(new ArrayList<>(c.txCount()));
        }
        caseFirstTsMs = new long[cases.size()];
        truth = new TruthCase[cases.size()];
        for (final ContextCases.Step step : planned.steps())
        {
            schedule(step.template(), step.caseIndex(), -1);
            pendingCaseSteps++;
        }
        final int accounts = cards.account(cards.count() - 1) + 1;
        accountEventsPerMs = accounts * config.accountEventsPerDay() / DAY_MS;
        profileUpdatesPerMs = cards.count() * config.profileUpdatesPerDay() / DAY_MS;
        startupCount = world.startupCount();
        scheduleNormal(config.startMs());
    }

    /** @return the transaction traffic underneath (its counts, population). */
    public TrafficGenerator traffic()
    {
        return traffic;
    }

    /** @return events emitted so far, of every kind. */
    public long emitted()
    {
        return emitted;
    }

    /** @return events other than the traffic's own transactions emitted so far ({@code ev-} ids). */
    public long contextEmitted()
    {
        return contextEmitted;
    }

    @Override
    public boolean hasNext()
    {
        return startupEmitted < startupCount || !lookahead.isEmpty() || traffic.hasNext() || pendingCaseSteps > 0;
    }

    @Override
    public GeneratedEvent next()
    {
        if (!hasNext())
        {
            throw new NoSuchElementException("all events have been generated");
        }
        emitted++;
        if (startupEmitted < startupCount)
        {
            return context(world.startup(startupEmitted++, config.startMs()));
        }
        if (lookahead.isEmpty() && traffic.hasNext())
        {
            lookahead.add(traffic.next());
        }
        final GeneratedTransaction nextTx = lookahead.peekFirst();
        Pending head = pending.peek();
        while (head != null && nextTx == null && head.caseIndex() < 0)
        {
            // the traffic is over: what is left is normal context, dropped, and case steps, kept
            pending.poll();
            head = pending.peek();
        }
        if (head == null || nextTx != null && nextTx.tsMs() < head.tsMs())
        {
            return lookahead.pollFirst();
        }
        pending.poll();
        GeneratedEvent event = head.template();
        if (head.normalCard() >= 0)
        {
            scheduleNormal(head.tsMs());
            event = checkedNormal((ContextEvent)event, head.normalCard());
        }
        final GeneratedEvent out = context(event);
        if (head.caseIndex() >= 0)
        {
            pendingCaseSteps--;
            if (out instanceof GeneratedTransaction tx)
            {
                record(head.caseIndex(), tx);
            }
        }
        return out;
    }

    /**
     * @return the transaction-only cases (from {@link TrafficGenerator#truthCases()}) and then the contextual
     * ones whose transactions have all been emitted; every case once the iterator is exhausted.
     */
    public List<TruthCase> truthCases()
    {
        final List<TruthCase> result = new ArrayList<>(traffic.truthCases());
        for (final TruthCase t : truth)
        {
            if (t != null)
            {
                result.add(t);
            }
        }
        return Collections.unmodifiableList(result);
    }

    private GeneratedEvent context(final GeneratedEvent template)
    {
        contextEmitted++;
        final String id = Ids.padded("ev-", contextEmitted, 10);
        return template instanceof ContextEvent c ? c.withId(id) : ((GeneratedTransaction)template).withId(id);
    }

    private void schedule(final GeneratedEvent template, final int caseIndex, final int normalCard)
    {
        pending.add(new Pending(template.tsMs(), seq++, template, caseIndex, normalCard));
    }

    /** Schedules the next normal context event after {@code afterMs}: a Poisson process over the population. */
    private void scheduleNormal(final long afterMs)
    {
        final double ratePerMs = accountEventsPerMs + profileUpdatesPerMs;
        if (ratePerMs <= 0)
        {
            return;
        }
        final long ts = afterMs + (long)Math.ceil(Randoms.exponential(rng, ratePerMs));
        final int card = rng.nextInt(cards.count());
        final ContextEvent event;
        if (rng.nextDouble() * ratePerMs < profileUpdatesPerMs)
        {
            final Geography.Country home = cards.homeCountry(card);
            final long step = Money.roundStep(500, home);
            final long limit = Math.max(step, Money.toMinor(cards.typicalUsd(card) * (40 + 60 * rng.nextDouble()),
                home) / step * step);
            event = world.cardProfile(ts, card, CardStatus.ACTIVE, limit);
        }
        else
        {
            final double u = rng.nextDouble();
            final AccountAction action = u < 0.90 ? AccountAction.LOGIN : u < 0.94 ? AccountAction.DEVICE_CHANGE :
                u < 0.97 ? AccountAction.PASSWORD_RESET : AccountAction.ADDRESS_CHANGE;
            final String device = action == AccountAction.DEVICE_CHANGE ? Ids.device(rng.nextLong()) :
                cards.deviceId(card);
            event = ContextEvent.accountEvent(ts, cards.accountId(card), CardPopulation.cardId(card), device,
                cards.ip(card), cards.homeCountry(card).code(), action);
        }
        schedule(event, -1, card);
    }

    /**
     * A normal reset or device change must not be followed within 15 minutes by 800 or more on the account:
     * reads the traffic that far ahead and turns the event into a login if it would; otherwise, one time in two,
     * schedules a small online purchase on the account's card minutes later.
     */
    private ContextEvent checkedNormal(final ContextEvent event, final int card)
    {
        if (event.kind() != EventKind.ACCOUNT_EVENT || event.subtype() != AccountAction.PASSWORD_RESET.code() &&
            event.subtype() != AccountAction.DEVICE_CHANGE.code())
        {
            return event;
        }
        final long until = event.tsMs() + TAKEOVER_WINDOW_MS;
        while (traffic.hasNext() && (lookahead.isEmpty() || lookahead.peekLast().tsMs() <= until))
        {
            lookahead.add(traffic.next());
        }
        for (final GeneratedTransaction tx : lookahead)
        {
            if (tx.tsMs() > until)
            {
                break;
            }
            if (tx.account().equals(event.account()) &&
                tx.amountMinor() >= TAKEOVER_AMOUNT_MAJOR * Money.minorPerMajor(tx.currency()))
            {
                return ContextEvent.accountEvent(event.tsMs(), event.account(), event.card(), event.device(),
                    event.ip(), event.country(), AccountAction.LOGIN);
            }
        }
        if (rng.nextBoolean())
        {
            final Geography.Country home = cards.homeCountry(card);
            final int m = merchants.randomOnline(home.index(), MerchantCategory.DIGITAL_GOODS, rng);
            final Geography.Country country = merchants.country(m);
            final long ts = event.tsMs() + rng.nextLong(MINUTE_MS, 10 * MINUTE_MS + 1);
            schedule(new GeneratedTransaction("", ts, event.card(), event.account(), MerchantDirectory.merchantId(m),
                MerchantCategory.DIGITAL_GOODS.mcc(), Money.toMinor(5 + 75 * rng.nextDouble(), country),
                country.currency(), country.code(), Double.NaN, Double.NaN, Channel.ECOM, event.device(), event.ip(),
                TxStatus.APPROVED), -1, -1);
        }
        return event;
    }

    private void record(final int caseIndex, final GeneratedTransaction tx)
    {
        final List<String> ids = caseTxIds.get(caseIndex);
        if (ids.isEmpty())
        {
            caseFirstTsMs[caseIndex] = tx.tsMs();
        }
        ids.add(tx.id());
        final PlannedCase c = cases.get(caseIndex);
        if (ids.size() == c.txCount())
        {
            truth[caseIndex] = new TruthCase(c.caseId(), c.type(), c.card(), caseAccounts.get(caseIndex), ids,
                caseFirstTsMs[caseIndex], tx.tsMs());
            caseTxIds.set(caseIndex, List.of());
        }
    }
}
