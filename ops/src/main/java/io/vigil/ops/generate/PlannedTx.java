package io.vigil.ops.generate;

/**
 * An injected transaction waiting for its turn in the stream: complete but for its id, which is given when it is
 * emitted so that ids follow emission order.
 *
 * @param caseIndex position of its case in the plan.
 * @param template  the transaction, with an empty id.
 */
record PlannedTx(int caseIndex, GeneratedTransaction template)
{
    /** @return event time, epoch ms. */
    long tsMs()
    {
        return template.tsMs();
    }
}
