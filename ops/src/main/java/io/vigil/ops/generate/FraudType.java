package io.vigil.ops.generate;

/**
 * The fraud patterns the generator injects, each recorded as a {@link TruthCase}. The wire names are those of
 * the ground-truth file's {@code type} field.
 */
public enum FraudType
{
    /** 6–9 approved transactions on one card within 50 s. */
    VELOCITY("velocity"),
    /** 3–6 probes under 2.00 (mostly declined), then one hit of at least 500.00, within 8 minutes. */
    CARD_TESTING("card-testing"),
    /** Approved transactions on one card summing to at least 3000.00 within 50 minutes, far above its habit. */
    AMOUNT_SPIKE("amount-spike"),
    /** Two approved card-present transactions, in countries thousands of km apart, within an hour. */
    IMPOSSIBLE_TRAVEL("impossible-travel"),
    /** A card's first transaction in a country it never used, card present. */
    NEW_COUNTRY("new-country");

    private final String wireName;

    FraudType(final String wireName)
    {
        this.wireName = wireName;
    }

    /** @return the name used in the ground-truth file and on the command line. */
    public String wireName()
    {
        return wireName;
    }

    /**
     * @param name a wire name, case-insensitive.
     * @return the type, or {@code null} when unknown.
     */
    public static FraudType fromWireName(final String name)
    {
        for (final FraudType t : values())
        {
            if (t.wireName.equalsIgnoreCase(name))
            {
                return t;
            }
        }
        return null;
    }
}
