package io.vigil.ops.delivery;

import io.vigil.core.alert.AlertDescriptor;
import io.vigil.core.alert.AlertIds;
import io.vigil.core.alert.AlertView;
import io.vigil.core.alert.Severity;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Alert records as the engine hands them to sinks, for delivery tests. */
final class TestAlerts
{
    static final AlertRoutes ROUTES = new AlertRoutes(List.of("card-velocity-60s", "card-testing"),
        List.of(List.of("velocity"), List.of("testing", "card")));

    private TestAlerts()
    {
    }

    /**
     * @param n        which alert: its id derives from it.
     * @param ordinal  the rule ordinal (0: card-velocity-60s, high; 1: card-testing, critical).
     * @return the alert.
     */
    static AlertView alert(final int n, final int ordinal)
    {
        final AlertIds ids = new AlertIds().reset().add("test").add(n);
        final String id = AlertIds.toHex(ids.hi(), ids.lo());
        final Severity severity = ordinal == 0 ? Severity.HIGH : Severity.CRITICAL;
        final String json = "{\"alert_id\":\"" + id + "\",\"rule\":\"" + ROUTES.ruleId(ordinal) + "\",\"rule_version\":1,"
            + "\"severity\":\"" + severity.wireName() + "\",\"key_type\":\"card\",\"key\":\"c-" + n + "\",\"tx_id\":\"t-"
            + n + "\",\"event_time_ms\":" + (1_767_571_200_000L + n) + ",\"details\":{}}";
        final byte[] body = json.getBytes(StandardCharsets.UTF_8);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[AlertDescriptor.HEADER_LENGTH + body.length]);
        buffer.putLong(AlertDescriptor.JOURNAL_INDEX_OFFSET, n);
        buffer.putLong(AlertDescriptor.EVENT_TIME_OFFSET, 1_767_571_200_000L + n);
        buffer.putLong(AlertDescriptor.ALERT_ID_HI_OFFSET, ids.hi());
        buffer.putLong(AlertDescriptor.ALERT_ID_LO_OFFSET, ids.lo());
        buffer.putInt(AlertDescriptor.RULE_ORDINAL_OFFSET, ordinal);
        buffer.putByte(AlertDescriptor.SEVERITY_OFFSET, severity.code());
        buffer.putByte(AlertDescriptor.KIND_OFFSET, AlertDescriptor.KIND_ALERT);
        buffer.putInt(AlertDescriptor.JSON_LENGTH_OFFSET, body.length);
        buffer.putBytes(AlertDescriptor.HEADER_LENGTH, body);
        return new AlertView().wrap(buffer, 0);
    }
}
