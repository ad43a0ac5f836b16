package io.vigil.ops.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Measures how many injected fraud cases (the generator's ground truth) the alerts found. A case counts as
 * found when some alert keyed by the case's card (or, for a case that names an account, by that account) names
 * one of the case's transactions as its trigger.
 * Reported per case type, with the rules that found them, plus the alerts that match no injected case.
 */
public final class Recall
{
    /**
     * One injected case.
     *
     * @param id    case id.
     * @param type  pattern type, e.g. velocity.
     * @param card    the card it was injected on.
     * @param account the account, for cases whose rule keys alerts by account; empty otherwise.
     * @param txIds   its transactions.
     */
    public record Case(String id, String type, String card, String account, Set<String> txIds)
    {
        /**
         * A case keyed by card.
         *
         * @param id    case id.
         * @param type  pattern type.
         * @param card  the card.
         * @param txIds its transactions.
         */
        public Case(final String id, final String type, final String card, final Set<String> txIds)
        {
            this(id, type, card, "", txIds);
        }
    }

    /**
     * One alert, reduced to what matching needs.
     *
     * @param rule    rule id.
     * @param keyType key type.
     * @param key     key value.
     * @param txId    triggering transaction.
     */
    public record Alert(String rule, String keyType, String key, String txId)
    {
    }

    /**
     * Found and total cases of one type.
     *
     * @param type   case type.
     * @param total  cases injected.
     * @param found  cases found.
     * @param byRule rules that found them, with counts.
     */
    public record TypeResult(String type, int total, int found, Map<String, Integer> byRule)
    {
        /** @return found / total, 0 when there were none. */
        public double recall()
        {
            return total == 0 ? 0 : (double)found / total;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, TypeResult> byType;
    private final long unmatchedAlerts;

    private Recall(final Map<String, TypeResult> byType, final long unmatchedAlerts)
    {
        this.byType = byType;
        this.unmatchedAlerts = unmatchedAlerts;
    }

    /**
     * @param cases  injected cases.
     * @param alerts alerts raised.
     * @return the evaluation.
     */
    public static Recall evaluate(final List<Case> cases, final List<Alert> alerts)
    {
        final Map<String, List<Alert>> alertsByTx = new HashMap<>();
        for (final Alert a : alerts)
        {
            if ("card".equals(a.keyType()) || "account".equals(a.keyType()))
            {
                alertsByTx.computeIfAbsent(a.txId(), k -> new ArrayList<>()).add(a);
            }
        }
        final Set<Alert> matched = new HashSet<>();
        final Map<String, int[]> counts = new TreeMap<>();
        final Map<String, Map<String, Integer>> rules = new TreeMap<>();
        for (final Case c : cases)
        {
            final int[] tf = counts.computeIfAbsent(c.type(), k -> new int[2]);
            tf[0]++;
            final Set<String> foundBy = new TreeSet<>();
            for (final String tx : c.txIds())
            {
                for (final Alert a : alertsByTx.getOrDefault(tx, List.of()))
                {
                    if ("card".equals(a.keyType()) ? a.key().equals(c.card()) :
                        !c.account().isEmpty() && a.key().equals(c.account()))
                    {
                        foundBy.add(a.rule());
                        matched.add(a);
                    }
                }
            }
            if (!foundBy.isEmpty())
            {
                tf[1]++;
                final Map<String, Integer> r = rules.computeIfAbsent(c.type(), k -> new TreeMap<>());
                for (final String rule : foundBy)
                {
                    r.merge(rule, 1, Integer::sum);
                }
            }
        }
        final Map<String, TypeResult> result = new TreeMap<>();
        for (final Map.Entry<String, int[]> e : counts.entrySet())
        {
            result.put(e.getKey(), new TypeResult(e.getKey(), e.getValue()[0], e.getValue()[1],
                rules.getOrDefault(e.getKey(), Map.of())));
        }
        long unmatched = 0;
        for (final Alert a : alerts)
        {
            if (!matched.contains(a))
            {
                unmatched++;
            }
        }
        return new Recall(result, unmatched);
    }

    /**
     * @param truth a ground-truth JSON Lines file (case_id, type, card, tx_ids).
     * @return its cases.
     * @throws IOException if unreadable or malformed, naming the line.
     */
    public static List<Case> loadCases(final Path truth) throws IOException
    {
        final List<Case> cases = new ArrayList<>();
        forEachLine(truth, (line, node) ->
        {
            final Set<String> ids = new HashSet<>();
            node.path("tx_ids").forEach(n -> ids.add(n.asText()));
            cases.add(new Case(node.path("case_id").asText(), node.path("type").asText(),
                node.path("card").asText(), node.path("account").asText(""), ids));
        });
        return cases;
    }

    /**
     * Reads the alerts that stand from an alerts file: alerts minus retractions. A line with
     * {@code "status":"amended"} sets its {@code alert_id}'s alert (replacing an earlier one), a line with
     * {@code "status":"retracted"} removes it; a line without {@code status} is a new alert.
     *
     * @param alerts an alerts JSON Lines file.
     * @return the alerts that stand, in order of first appearance.
     * @throws IOException if unreadable or malformed, naming the line.
     */
    public static List<Alert> loadAlerts(final Path alerts) throws IOException
    {
        final Map<String, Alert> standing = new LinkedHashMap<>();
        forEachLine(alerts, (line, node) ->
        {
            final String id = node.path("alert_id").asText("line " + line);
            if ("retracted".equals(node.path("status").asText("")))
            {
                standing.remove(id);
                return;
            }
            standing.put(id, new Alert(node.path("rule").asText(), node.path("key_type").asText(),
                node.path("key").asText(), node.path("tx_id").asText()));
        });
        return new ArrayList<>(standing.values());
    }

    private interface LineHandler
    {
        void onLine(long line, JsonNode node);
    }

    private static void forEachLine(final Path path, final LineHandler handler) throws IOException
    {
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8))
        {
            String line;
            long n = 0;
            while ((line = reader.readLine()) != null)
            {
                n++;
                if (line.isBlank())
                {
                    continue;
                }
                final JsonNode node;
                try
                {
                    node = JSON.readTree(line);
                }
                catch (final IOException ex)
                {
                    throw new IOException(path + ": line " + n + ": malformed JSON: " + ex.getMessage(), ex);
                }
                handler.onLine(n, node);
            }
        }
    }

    /** @return results per case type, by type name. */
    public Map<String, TypeResult> byType()
    {
        return byType;
    }

    /** @return alerts that name no transaction of an injected case. */
    public long unmatchedAlerts()
    {
        return unmatchedAlerts;
    }

    /**
     * @param out where to print a table.
     */
    public void print(final PrintWriter out)
    {
        out.println("recall       injected cases found (an alert on the case's card, or account, triggered by one of"
            + " its transactions):");
        for (final TypeResult r : byType.values())
        {
            out.printf(Locale.ROOT, "  %-25s %5d / %-5d %6.1f%%  %s%n", r.type(), r.found(), r.total(),
                100 * r.recall(), r.byRule().isEmpty() ? "(no rule of this set fires on it)" : "by " + r.byRule());
        }
        out.printf(Locale.ROOT, "  alerts on no injected case: %,d (normal traffic that crossed a threshold)%n",
            unmatchedAlerts);
    }
}
