package io.vigil.rules.pattern;

import io.vigil.core.alert.AlertPublisher;
import io.vigil.core.alert.RuleRef;
import io.vigil.core.event.TransactionFlyweight;
import io.vigil.rules.CompiledRule;
import io.vigil.rules.RuleState;
import io.vigil.rules.expr.TxPredicate;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * "A not followed by B within T", per key: an event A (passing the rule's filter and matching {@code first})
 * at time {@code a} opens an expectation; an event B (passing the filter and matching {@code then}) that comes
 * after A in reference order (event time, then transaction id) with time {@code <= a + T} meets it. An
 * expectation still open when the watermark passes {@code a + T} (watermark {@code > a + T}) fires, on the
 * timer, an alert for A: its id derives from A's transaction id, its {@code tx_id} and event time are A's.
 * Semantics in full, with edges, cooldown and lateness, are in the {@linkplain io.vigil.rules.pattern package
 * documentation}.
 * <p>
 * Alert details: {@code <first>_tx_id}, {@code within_ms}, {@code <first>_amount} (a decimal string in A's
 * currency; only when A is a transaction). A and B may be events of other kinds (an absence across kinds, such as a
 * password reset not followed by a login within a day): the predicates say which kind each step takes.
 * <p>
 * Memory per key (JDK 17, compressed oops), from the object layout and checked by measurement: the state
 * with its empty structures about 190 bytes; open expectations {@code 64 + 344·c} bytes once used, {@code c}
 * their capacity, a power of two from 1 up to {@link #MAX_OPEN_PER_KEY} (so at most 11 KB), each slot a whole
 * copy of A so the alert can be written without a current event; retained followers {@code 80 + 60·c} bytes
 * once used, kept only while their time is at or after the watermark (in order with no out-of-order
 * retention: only followers at the newest time, so {@code c} stays 1); and the shard's timer heap holds about
 * 20–40 bytes per key with an armed timer. Measured: 200,000 cards in one {@link io.vigil.rules.RuleProgram}
 * with only this rule, heap used after {@code System.gc()} before and after, divided by the cards (±50 bytes
 * between runs): 260 bytes for the program's part of a key with a rule whose state is empty; with this rule
 * 350 for a card whose event matched neither step, 500 with one follower retained, 810 with one expectation
 * open, 1,150 with two, 1,840 with four, 960 with one expectation met and its follower retained.
 * <p>
 * Immutable; one instance serves every shard.
 */
public final class AbsenceRule implements CompiledRule
{
    /** Most expectations open at once per key; a further A is not tracked, and counted. */
    public static final int MAX_OPEN_PER_KEY = 32;

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,31}");

    private final RuleRef ruleRef;
    private final TxPredicate filter;
    private final String firstName;
    private final TxPredicate first;
    private final String thenName;
    private final TxPredicate then;
    private final long withinMs;
    private final long cooldownMs;
    private final String firstIdName;
    private final String firstAmountName;

    /**
     * @param ref        the rule's identity; its key type is the pattern's key.
     * @param filter     which events the rule sees at all.
     * @param firstName  name of step A in alert details (a letter or '_', then letters, digits or '_'; at most
     *                   32).
     * @param first      which events open an expectation.
     * @param thenName   name of step B (same form).
     * @param then       which events meet one.
     * @param withinMs   T, ms, > 0.
     * @param cooldownMs suppression after an alert, ms, >= 0, on the alert's event time (A's).
     */
    public AbsenceRule(
        final RuleRef ref,
        final TxPredicate filter,
        final String firstName,
        final TxPredicate first,
        final String thenName,
        final TxPredicate then,
        final long withinMs,
        final long cooldownMs)
    {
        this.ruleRef = Objects.requireNonNull(ref, "ref");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.firstName = validName(ref, firstName);
        this.first = Objects.requireNonNull(first, "first");
        this.thenName = validName(ref, thenName);
        this.then = Objects.requireNonNull(then, "then");
        if (firstName.equals(thenName))
        {
            throw new IllegalArgumentException(ref.id() + ": step name '" + firstName + "' used twice");
        }
        if (withinMs <= 0)
        {
            throw new IllegalArgumentException(ref.id() + ": within: expected > 0 ms, found " + withinMs);
        }
        if (cooldownMs < 0)
        {
            throw new IllegalArgumentException(ref.id() + ": cooldown: expected >= 0 ms, found " + cooldownMs);
        }
        this.withinMs = withinMs;
        this.cooldownMs = cooldownMs;
        this.firstIdName = firstName + "_tx_id";
        this.firstAmountName = firstName + "_amount";
    }

    @Override
    public RuleRef ruleRef()
    {
        return ruleRef;
    }

    /** @return covers the timers ({@code a + T + 1}) and the cooldown. */
    @Override
    public long horizonMs()
    {
        return Math.max(withinMs + 1, cooldownMs);
    }

    @Override
    public RuleState newState(final long outOfOrderRetentionMs)
    {
        return new AbsenceState();
    }

    @Override
    public void onEvent(
        final RuleState state, final TransactionFlyweight tx, final long journalIndex, final AlertPublisher alerts)
    {
        if (!filter.test(tx))
        {
            return;
        }
        final boolean isFirst = first.test(tx);
        final boolean isThen = then.test(tx);
        if (!isFirst && !isThen)
        {
            return;
        }
        final AbsenceState absence = (AbsenceState)state;
        final long tsMs = tx.tsMs();
        final long watermarkMs = absence.watermarkMs();
        if (tsMs < watermarkMs)
        {
            absence.onLate();
            alerts.late(ruleRef, tx, journalIndex, watermarkMs).publish();
            return;
        }
        final PatternEventRing followers = absence.followers();
        followers.removeBefore(watermarkMs);
        if (isThen)
        {
            final OpenExpectations open = absence.open();
            final int from = open.firstAtOrAfter(tsMs - withinMs);
            final int to = open.insertionIndex(tx);
            if (from < to)
            {
                open.removeRange(from, to);
            }
            if (followers.isAtMaxCapacity())
            {
                followers.removeOldest();
            }
            followers.insert(followers.insertionIndex(tx), tx, 1);
        }
        if (isFirst)
        {
            final int next = followers.insertionIndex(tx);
            if (next < followers.size() && followers.tsMs(next) <= tsMs + withinMs)
            {
                return; // met already, by a follower that arrived before it
            }
            final OpenExpectations open = absence.open();
            if (open.isFull())
            {
                absence.onUntracked();
                return;
            }
            open.insert(open.insertionIndex(tx), tx);
            absence.arm(tsMs + withinMs + 1);
        }
    }

    @Override
    public void onTimer(
        final RuleState state, final long dueMs, final long watermarkMs, final long journalIndex,
        final AlertPublisher alerts)
    {
        final AbsenceState absence = (AbsenceState)state;
        absence.onTimer(watermarkMs);
        final OpenExpectations open = absence.open();
        while (open.size() > 0 && open.tsMs(0) + withinMs < watermarkMs)
        {
            final long firstTsMs = open.tsMs(0);
            if (!absence.isCoolingDown(firstTsMs, cooldownMs))
            {
                absence.onAlert(firstTsMs);
                final TransactionFlyweight a = open.view(0);
                alerts.begin(ruleRef, a, journalIndex)
                    .detailText(firstIdName, a.buffer(), a.idBytesOffset(), a.idLength())
                    .detail("within_ms", withinMs);
                if (a.isTransaction())
                {
                    alerts.detailAmount(firstAmountName, a.amountMinor(), a.currencyExponent());
                }
                alerts.publish();
            }
            open.removeOldest();
        }
        if (open.size() > 0)
        {
            absence.arm(open.tsMs(0) + withinMs + 1);
        }
    }

    /** @return name of step A. */
    public String firstName()
    {
        return firstName;
    }

    /** @return name of step B. */
    public String thenName()
    {
        return thenName;
    }

    /** @return T, ms. */
    public long withinMs()
    {
        return withinMs;
    }

    /** @return cooldown, ms. */
    public long cooldownMs()
    {
        return cooldownMs;
    }

    @Override
    public String toString()
    {
        return ruleRef + ": " + firstName + " not followed by " + thenName + " within " + withinMs +
            " ms, cooldown " + cooldownMs + " ms";
    }

    private static String validName(final RuleRef ref, final String name)
    {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException(ref.id() + ": step name: expected a letter or '_', then letters, " +
                "digits or '_' (at most 32), found '" + name + "'");
        }
        return name;
    }
}
