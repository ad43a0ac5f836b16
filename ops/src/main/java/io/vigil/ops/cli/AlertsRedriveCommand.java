package io.vigil.ops.cli;

import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertIdHex;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.DeliveryRecord;
import io.vigil.journal.outbox.OutboxEntry;
import io.vigil.ops.delivery.DeliveryLedger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil alerts redrive}: asks delivery to send dead letters again. */
@Command(name = "redrive", mixinStandardHelpOptions = true,
    description = {"Ask delivery to send dead letters again: a running delivery takes them within a second, "
        + "otherwise the next run with this outbox does.",
        "Exit codes: 0 done, 2 no --id or --all, 65 an id that is not a dead letter, 66 no outbox there."})
final class AlertsRedriveCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--outbox", paramLabel = "DIR", defaultValue = "vigil-outbox",
        description = "The alert outbox (default: ${DEFAULT-VALUE}).")
    Path outboxDir;

    @Option(names = "--id", paramLabel = "ALERT_ID", description = "An alert id to re-drive (repeatable).")
    List<String> ids = new ArrayList<>();

    @Option(names = "--all", description = "Re-drive every dead letter.")
    boolean all;

    @Option(names = "--endpoint", paramLabel = "NAME", description = "Only the dead letters of this endpoint.")
    String endpoint;

    @Override
    public Integer call()
    {
        if (all == !ids.isEmpty())
        {
            throw new UserError("expected either --id ALERT_ID (repeatable) or --all", 2);
        }
        final List<long[]> wanted = new ArrayList<>();
        for (final String id : ids)
        {
            try
            {
                wanted.add(AlertIdHex.parse(id));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new UserError("--id: " + ex.getMessage(), 2);
            }
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (AlertOutbox outbox = OutboxTools.openExisting(outboxDir);
            AlertCursor cursor = outbox.newAlertCursor())
        {
            final boolean[] found = new boolean[wanted.size()];
            int requested = 0;
            for (final DeliveryLedger.DeadLetter d : OutboxTools.ledger(outbox).deadLetters())
            {
                if (endpoint != null && !endpoint.equals(d.endpoint()))
                {
                    continue;
                }
                final OutboxEntry e = cursor.read(d.outboxIndex());
                boolean take = all;
                for (int i = 0; i < wanted.size() && e != null; i++)
                {
                    if (wanted.get(i)[0] == e.alertIdHi() && wanted.get(i)[1] == e.alertIdLo())
                    {
                        found[i] = true;
                        take = true;
                    }
                }
                if (take)
                {
                    outbox.appendProgress(new DeliveryRecord(DeliveryRecord.Type.REDRIVE_REQUESTED, d.endpoint(),
                        d.seq(), d.seq(), d.outboxIndex(), 0, System.currentTimeMillis(), "vigil alerts redrive"));
                    out.printf(Locale.ROOT, "re-drive %s to %s%n", e == null ? "?" : e.alertId(), d.endpoint());
                    requested++;
                }
            }
            out.printf(Locale.ROOT, "%d re-drive(s) requested%n", requested);
            for (int i = 0; i < found.length; i++)
            {
                if (!found[i])
                {
                    throw new UserError("--id " + ids.get(i) + ": not a dead letter" + (endpoint == null ? "" :
                        " of endpoint " + endpoint) + " in " + outboxDir, UserError.BAD_INPUT);
                }
            }
        }
        return 0;
    }
}
