/**
 * Pattern rules: sequences of steps and absences, per key, on event time.
 *
 * <h2>Sequence ({@link io.vigil.rules.pattern.StepSequenceRule})</h2>
 * Steps {@code s1 … sN} (N >= 2), each a filter and a number of times, {@code n} or {@code n+}. Among the key's
 * events that pass the rule's filter, in reference order (event time, then transaction id byte-wise), a
 * <em>match ending at e</em> is a subsequence {@code x1 < x2 < … < xK = e} (other events may come between:
 * skip-till-any-match), {@code K = n1 + … + nN}, whose first {@code n1} events match s1's filter, the next
 * {@code n2} match s2's, and so on, with every event's time in {@code (t − within, t]}, {@code t} the time of
 * {@code e}. An event may match several steps' filters; within one match each event is used once.
 * <ul>
 *   <li>The rule fires on {@code e}, at most once per event, when a match ending at {@code e} exists and the
 *       key is not cooling down. An event exactly {@code within} before {@code e} is out.</li>
 *   <li>{@code n} (exact) and {@code n+} (at least) find the same matches: with other events allowed between,
 *       a match using more events of a step contains one using exactly {@code n}. They differ in what the
 *       alert reports: of all matches ending at {@code e}, the engine reports the one whose events are the
 *       latest (compared from the last step backwards: it is what a greedy scan from {@code e} backwards
 *       finds, taking each step's latest events), which has the latest possible start. For an exact step the
 *       alert lists exactly those {@code n} events; for an {@code n+} step it lists every event matching the
 *       step after the previous step's last reported event (for the first step: inside the time bound) and
 *       before the next step's first, so {@code 3+} probes then a hit reports every probe of the bound.</li>
 *   <li>Alert details, per step in order: {@code <step>_count}, {@code <step>_tx_ids} (oldest first, at most
 *       32) and {@code <step>_tx_ids_omitted}; then {@code <last step>_amount}, the triggering event's amount
 *       as a decimal string.</li>
 * </ul>
 *
 * <h2>Absence ({@link io.vigil.rules.pattern.AbsenceRule})</h2>
 * An event A matching {@code first} at time {@code a} is <em>met</em> by an event B matching {@code then} that
 * comes after A in reference order with time {@code <= a + within}. So B at exactly {@code a + within} meets
 * it; B at time {@code a} meets it only if its id sorts after A's; an event matching both steps is a B for the
 * A's before it, and an A of its own. An A not met fires when the watermark passes {@code a + within}
 * (watermark {@code > a + within}: a timer due at {@code a + within + 1}), not before: with the watermark at
 * most {@code a + within}, a B at {@code a + within} is not late and can still arrive. The alert is A's: its
 * id derives from A's transaction id, its {@code tx_id} and {@code event_time} are A's, and it carries
 * {@code <first>_tx_id}, {@code within_ms} and {@code <first>_amount}. A B that arrives out of order (before
 * an A it follows, or after it but before the timer) still meets it. The final tick of a bounded input
 * (watermark {@code Long.MAX_VALUE}) fires every A still open. At most
 * {@link io.vigil.rules.pattern.AbsenceRule#MAX_OPEN_PER_KEY} expectations are open per key; an A beyond that
 * is not tracked and is counted.
 *
 * <h2>Cooldown</h2>
 * After an alert of the rule for a key at event time {@code c} (the last step's time for a sequence, A's time
 * for an absence), the rule's alerts for that key are suppressed for events with time {@code < c + cooldown}.
 * A suppressed match is not remembered: it does not start a cooldown of its own.
 *
 * <h2>Time, order and lateness</h2>
 * An event that passes the rule's filter and matches some step is <em>late</em> when its time is before the
 * shard's watermark (highest event time seen minus the out-of-order retention, as the watermark stood before
 * the event): it is not applied, it is counted in the key's state, and a late record
 * ({@link io.vigil.core.alert.AlertPublisher#late}) goes to the late-event output. Events that are not late
 * but arrive out of order are put in their reference-order place. For a sequence, the event is evaluated
 * against what arrived before it and precedes it, and the key's later events that match the last step are
 * evaluated again in reference order (those whose time bound holds the new event, then while the cooldown chain
 * differs): one that now fires gets an amended alert
 * ({@link io.vigil.core.alert.AlertPublisher#beginAmended}, also when it fired before and the new event is in
 * its bound, as its match may have changed), one that no longer fires a retraction
 * ({@link io.vigil.core.alert.AlertPublisher#retract}, reason {@code no-match} or {@code cooldown}). So alerts
 * minus retractions equal the sorted stream's, whatever the arrival order within the bound; in-order events
 * still fire on arrival. The state keeps raw copies of the key's last-step events at or after the watermark for
 * this ({@link io.vigil.rules.RecentEvents}, 353 bytes each). An absence needs no redo: it decides on the timer,
 * after every event that could meet A has arrived (any later one would be late), so its alerts equal the sorted
 * stream's whatever the arrival order within the bound.
 *
 * <h2>Bounded state</h2>
 * A sequence keeps, per key, the events that matched some step and are recent enough for an event that is not
 * late (time after the watermark minus {@code within}), at most 65,536 (the oldest goes first). An absence
 * keeps its open expectations (at most {@link io.vigil.rules.pattern.AbsenceRule#MAX_OPEN_PER_KEY}) and the
 * followers at or after the watermark. Each rule's class documentation gives its bytes per key.
 * <p>
 * The older two-step {@link io.vigil.rules.pattern.SequenceRule} (used by the Java default pack) keeps its own
 * documented semantics: it does not redo, its alerts follow arrival order.
 */
package io.vigil.rules.pattern;
