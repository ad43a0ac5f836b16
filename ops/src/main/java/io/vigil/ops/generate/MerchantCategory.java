package io.vigil.ops.generate;

/**
 * Merchant categories of the synthetic world: the ISO 18245 code, how often cardholders buy there in person and
 * online, and how a purchase there compares with the cardholder's typical amount.
 */
enum MerchantCategory
{
    GROCERY(5411, 28, 4, 1.3),
    RESTAURANT(5812, 16, 0, 1.0),
    FAST_FOOD(5814, 12, 3, 0.35),
    FUEL(5541, 9, 0, 1.4),
    MISC_RETAIL(5999, 12, 26, 1.0),
    CLOTHING(5651, 6, 14, 1.8),
    PHARMACY(5912, 5, 0, 0.7),
    TAXI(4121, 5, 10, 0.7),
    ELECTRONICS(5732, 2, 12, 3.5),
    JEWELRY(5944, 1, 0, 5.0),
    DIGITAL_GOODS(5815, 0, 18, 0.3),
    GAMBLING(7995, 0, 3, 1.5),
    ATM(6011, 0, 0, 1.0);

    static final MerchantCategory[] VALUES = values();

    private final int mcc;
    private final int presentWeight;
    private final int onlineWeight;
    private final double amountFactor;

    MerchantCategory(final int mcc, final int presentWeight, final int onlineWeight, final double amountFactor)
    {
        this.mcc = mcc;
        this.presentWeight = presentWeight;
        this.onlineWeight = onlineWeight;
        this.amountFactor = amountFactor;
    }

    /** @return merchant category code. */
    int mcc()
    {
        return mcc;
    }

    /** @return relative share of card-present purchases (ATM withdrawals are chosen separately). */
    int presentWeight()
    {
        return presentWeight;
    }

    /** @return relative share of e-commerce purchases. */
    int onlineWeight()
    {
        return onlineWeight;
    }

    /** @return typical purchase here, as a multiple of the cardholder's typical amount. */
    double amountFactor()
    {
        return amountFactor;
    }

    /** @return whether shops of this category have premises (and coordinates). */
    boolean isPhysical()
    {
        return presentWeight > 0 || this == ATM;
    }

    /** @return whether shops of this category sell online. */
    boolean isOnline()
    {
        return onlineWeight > 0;
    }

    /**
     * @param online whether to use the online weights.
     * @return cumulative weights in declaration order, for {@link Randoms#pick(int[], java.util.SplittableRandom)}.
     */
    static int[] cumulativeWeights(final boolean online)
    {
        final int[] cumulative = new int[VALUES.length];
        int sum = 0;
        for (int i = 0; i < VALUES.length; i++)
        {
            sum += online ? VALUES[i].onlineWeight : VALUES[i].presentWeight;
            cumulative[i] = sum;
        }
        return cumulative;
    }
}
