package io.vigil.ops.cli;

import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.ProgressCursor;
import io.vigil.ops.delivery.DeliveryLedger;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the outbox commands share: opening an existing outbox, and the ledger of its progress records.
 */
final class OutboxTools
{
    private OutboxTools()
    {
    }

    static AlertOutbox openExisting(final Path dir)
    {
        if (!Files.isDirectory(dir.resolve("alerts")))
        {
            throw new UserError("--outbox " + dir + ": no alert outbox there", UserError.NO_INPUT);
        }
        return AlertOutbox.open(dir);
    }

    static DeliveryLedger ledger(final AlertOutbox outbox)
    {
        final DeliveryLedger ledger = new DeliveryLedger();
        try (ProgressCursor cursor = outbox.newProgressCursor())
        {
            for (DeliveryRecord r = cursor.next(); r != null; r = cursor.next())
            {
                ledger.apply(r);
            }
        }
        return ledger;
    }
}
