package io.vigil.rules.window;

/**
 * What a window rule computes over the events in its window.
 */
public enum Aggregate
{
    /** Number of events; threshold is a whole number of events. */
    COUNT,
    /**
     * Sum of amounts of the events in the triggering event's currency (amounts in other currencies are not
     * added); threshold is in major units of that currency, compared in minor units.
     */
    SUM
}
