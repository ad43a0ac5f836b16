package io.vigil.ops.cli;

import io.vigil.core.alert.Severity;
import io.vigil.journal.outbox.AlertCursor;
import io.vigil.journal.outbox.AlertOutbox;
import io.vigil.journal.outbox.OutboxEntry;
import io.vigil.ops.delivery.DeliveryLedger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil alerts dead-letters}: lists the alerts delivery gave up on. */
@Command(name = "dead-letters", mixinStandardHelpOptions = true,
    description = {"List the alerts that delivery gave up on (one line each), and re-drives still pending.",
        "Exit codes: 0 listed (even if none), 66 no outbox there."})
final class AlertsDeadLettersCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--outbox", paramLabel = "DIR", defaultValue = "vigil-outbox",
        description = "The alert outbox (default: ${DEFAULT-VALUE}).")
    Path outboxDir;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (AlertOutbox outbox = OutboxTools.openExisting(outboxDir);
            AlertCursor cursor = outbox.newAlertCursor())
        {
            final DeliveryLedger ledger = OutboxTools.ledger(outbox);
            final List<DeliveryLedger.DeadLetter> dead = ledger.deadLetters();
            out.printf(Locale.ROOT, "%d dead letter(s) in %s%n", dead.size(), outboxDir);
            for (final DeliveryLedger.DeadLetter d : dead)
            {
                final OutboxEntry e = cursor.read(d.outboxIndex());
                final Severity severity = e == null ? null : Severity.fromCode(e.severityCode());
                out.printf(Locale.ROOT, "%s  endpoint=%s  rule=%s  severity=%s  attempts=%d  at=%s  error=%s%n",
                    e == null ? "?" : e.alertId(), d.endpoint(), e == null ? "?" : e.ruleId(),
                    severity == null ? "?" : severity.wireName(), d.attempts(), Instant.ofEpochMilli(d.atMs()),
                    d.lastError());
            }
            final int pending = ledger.redrivePending().size();
            if (pending > 0)
            {
                out.printf(Locale.ROOT, "%d re-drive(s) requested, not yet delivered%n", pending);
            }
        }
        return 0;
    }
}
