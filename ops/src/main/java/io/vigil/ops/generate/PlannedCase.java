package io.vigil.ops.generate;

/**
 * An injected case as planned, before its transactions have ids.
 *
 * @param caseId  {@code case-} and 6 digits, in order of planned start.
 * @param type    the pattern.
 * @param card    card token.
 * @param txCount how many transactions it injects.
 */
record PlannedCase(String caseId, FraudType type, String card, int txCount)
{
}
