package io.vigil.ops.generate;

/**
 * The fraud patterns the generator injects, each recorded as a {@link TruthCase}. The wire names are those of
 * the ground-truth file's {@code type} field. The first five need transactions only; the {@link #contextual()}
 * ones need card/merchant/account profiles, account events or reference entries too.
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
    NEW_COUNTRY("new-country"),
    /** A card profile update to lost or stolen, then 1–2 transactions on the card minutes later. */
    BLOCKED_CARD_USED("blocked-card-used", true),
    /** An approved transaction of at least 1000 (major units) in a country other than the card's home. */
    ABROAD_LARGE_VS_HOME("abroad-large-vs-home", true),
    /** A transaction of at least 500 at a merchant whose reference risk is high. */
    HIGH_RISK_MERCHANT_LARGE("high-risk-merchant-large", true),
    /** A transaction in a country on the sanctioned-country reference list. */
    SANCTIONED_COUNTRY("sanctioned-country", true),
    /** A password reset or device change, then a transaction of at least 800 on the account 1–14 minutes later. */
    TAKEOVER_RESET_THEN_SPEND("takeover-reset-then-spend", true),
    /** An account profile turning high risk, then a transaction of at least 2000 on one of the account's cards. */
    HIGH_RISK_CUSTOMER_LARGE("high-risk-customer-large", true);

    private final String wireName;
    private final boolean contextual;

    FraudType(final String wireName)
    {
        this(wireName, false);
    }

    FraudType(final String wireName, final boolean contextual)
    {
        this.wireName = wireName;
        this.contextual = contextual;
    }

    /**
     * @return whether the pattern needs events other than transactions (profiles, account events, reference
     * entries): such cases are injected only when {@link GeneratorConfig#context()} is on, and their wire name is
     * the id of the pack rule that catches them.
     */
    public boolean contextual()
    {
        return contextual;
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
