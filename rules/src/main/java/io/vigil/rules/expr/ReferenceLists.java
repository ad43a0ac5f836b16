package io.vigil.rules.expr;

import io.vigil.rules.table.EnrichmentDescriptor;

import java.util.List;

/**
 * The reference lists an expression can test with {@code in}: {@code country in sanctioned_countries} (the
 * event's country is on the sanctioned-country list) and {@code card in blocked_bins} (the card begins with a
 * blocked BIN prefix). Both are replicated tables, so any rule may use them.
 */
final class ReferenceLists
{
    /** The list names, as written. */
    static final List<String> NAMES = List.of("sanctioned_countries", "blocked_bins");

    private ReferenceLists()
    {
    }

    /** @return the field a list is tested with, or null for an unknown list. */
    static String subjectOf(final String list)
    {
        switch (list)
        {
            case "sanctioned_countries":
                return "country";
            case "blocked_bins":
                return "card";
            default:
                return null;
        }
    }

    /** @return the enrichment flag a list's test reads. */
    static int flag(final String list)
    {
        return "blocked_bins".equals(list) ? EnrichmentDescriptor.FLAG_BLOCKED_BIN :
            EnrichmentDescriptor.FLAG_SANCTIONED_COUNTRY;
    }
}
