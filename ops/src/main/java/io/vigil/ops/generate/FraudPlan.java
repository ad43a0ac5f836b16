package io.vigil.ops.generate;

/**
 * Every injected case and transaction of a generation, decided before the first event is emitted.
 *
 * @param cases        in order of planned start; a case's index is its position here.
 * @param transactions in emission order: event time, then case, then position within the case.
 */
record FraudPlan(PlannedCase[] cases, PlannedTx[] transactions)
{
}
