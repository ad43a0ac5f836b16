package io.vigil.rules.lang;

import io.vigil.core.alert.Severity;
import io.vigil.core.event.KeyType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a rule file (YAML) into a {@link RuleFileSpec}, checking it against the schema and collecting every
 * error with its line and column (it does not stop at the first). Expressions are kept as text with their
 * positions; {@link RuleSpecCompiler} parses and compiles them.
 * <pre>
 * rules:
 *   - id: card-velocity-60s            # required, [a-z0-9][a-z0-9._-]{0,63}, unique
 *     description: ...                  # optional
 *     version: 1                        # optional, from 1
 *     key: card                         # required: card, account, merchant, device, ip
 *     filter: status == "approved"      # optional
 *     window: { type: sliding, size: 60s }   # one of window (+ when) / sequence (+ within) / absence
 *     when: count() >= 5
 *     severity: high                    # required: low, medium, high, critical
 *     tags: [velocity]                  # optional
 *     cooldown: 5m                      # optional, default 0s
 * </pre>
 * Stateless and thread-safe.
 */
public final class RuleFileParser
{
    /** The keys of a rule, in the order messages list them. */
    static final List<String> RULE_KEYS = List.of("id", "description", "version", "key", "filter", "window", "when",
        "sequence", "within", "absence", "severity", "tags", "cooldown");

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final List<String> KEY_TYPES = List.of("card", "account", "merchant", "device", "ip");
    private static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
    private static final List<String> PATTERNS = List.of("window", "sequence", "absence");

    private final Diagnostics diagnostics;
    private final ValueReader values;
    private final PatternParser patterns;
    private final Map<String, SourcePos> ids = new HashMap<>();

    private RuleFileParser(final String file)
    {
        this.diagnostics = new Diagnostics(file);
        this.values = new ValueReader(diagnostics);
        this.patterns = new PatternParser(values);
    }

    /**
     * @param file the rule file.
     * @return its rules and errors; errors are named by the path as given.
     * @throws IOException when it cannot be read.
     */
    public static RuleFileSpec parse(final Path file) throws IOException
    {
        return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * @param file the name errors give the file.
     * @param text the file's content.
     * @return its rules and errors.
     */
    public static RuleFileSpec parse(final String file, final String text)
    {
        return new RuleFileParser(file).parseFile(text);
    }

    private RuleFileSpec parseFile(final String text)
    {
        final List<RuleSpec> rules = new ArrayList<>();
        final YamlNode root = YamlTreeReader.read(text, diagnostics);
        final YamlNode.Mapping top = root == null ? null :
            values.mapping(root, "a mapping with a 'rules' list at the top of the file");
        if (top != null)
        {
            values.checkKeys(top, "the file (top level)", List.of("rules"));
            final YamlNode list = top.value("rules");
            if (list == null)
            {
                values.error(top.pos(), "missing required key 'rules': expected a list of rules at the top level");
            }
            else if (values.sequence(list, "a list of rules (each starting with -)") != null)
            {
                final List<YamlNode> items = ((YamlNode.Sequence)list).items();
                if (items.isEmpty())
                {
                    values.error(list.pos(), "expected at least one rule in 'rules', found an empty list");
                }
                for (int i = 0; i < items.size(); i++)
                {
                    final RuleSpec rule = rule(items.get(i), i);
                    if (rule != null)
                    {
                        rules.add(rule);
                    }
                }
            }
        }
        return new RuleFileSpec(diagnostics.file(), rules, diagnostics.errors());
    }

    private RuleSpec rule(final YamlNode node, final int ordinal)
    {
        final int errorsBefore = diagnostics.count();
        values.takeSites();
        final YamlNode.Mapping m = values.mapping(node, "a rule (a mapping with id, key, severity, ...)");
        if (m == null)
        {
            return null;
        }
        values.checkKeys(m, "a rule", RULE_KEYS);
        final String id = id(m);
        final String label = id == null ? "rule " + (ordinal + 1) : "rule '" + id + "'";

        final String description = m.get("description") == null ? "" :
            values.text(m.value("description"), "a description (text)");
        final Integer version = m.get("version") == null ? Integer.valueOf(1) :
            values.integer(m.value("version"), "a version number", 1);
        final KeyType keyType = required(m, "key", label, "card, account, merchant, device or ip") ?
            values.choice(m.value("key"), "key type", KEY_TYPES, KeyType::fromWireName) : null;
        final Severity severity = required(m, "severity", label, "low, medium, high or critical") ?
            values.choice(m.value("severity"), "severity", SEVERITIES, Severity::fromWireName) : null;
        final List<String> tags = m.get("tags") == null ? List.of() :
            values.stringList(m.value("tags"), "a list of tags such as [velocity, card]");
        final Long cooldownMs = m.get("cooldown") == null ? Long.valueOf(0) :
            values.duration(m.value("cooldown"), true);
        final ExprSource filter = m.get("filter") == null ? null :
            values.filter(m.value("filter"), "a filter expression such as status == \"approved\"");

        final Object pattern = pattern(m, label);
        final List<ExprSite> sites = values.takeSites();
        if (diagnostics.count() != errorsBefore)
        {
            for (final ExprSite site : sites)
            {
                site.check(diagnostics);
            }
            return null;
        }
        final Map<String, SourcePos> positions = new HashMap<>();
        for (final YamlNode.Entry e : m.entries())
        {
            positions.put(e.key(), e.value().pos());
        }
        return new RuleSpec(ordinal, id, description, version, keyType, filter,
            pattern instanceof WindowSpec ? (WindowSpec)pattern : null,
            pattern instanceof SequenceSpec ? (SequenceSpec)pattern : null,
            pattern instanceof AbsenceSpec ? (AbsenceSpec)pattern : null,
            severity, tags, cooldownMs, m.pos(), positions);
    }

    private String id(final YamlNode.Mapping m)
    {
        if (m.get("id") == null)
        {
            values.error(m.pos(), "missing required key 'id': every rule needs an id such as card-velocity-60s");
            return null;
        }
        final YamlNode node = m.value("id");
        final String id = values.text(node, "a rule id such as card-velocity-60s");
        if (id == null)
        {
            return null;
        }
        if (!ID.matcher(id).matches())
        {
            values.error(node.pos(), "bad rule id '" + id + "': expected lower-case letters, digits, '.', '_' or " +
                "'-', starting with a letter or digit, at most 64 characters");
            return null;
        }
        final SourcePos first = ids.putIfAbsent(id, node.pos());
        if (first != null)
        {
            values.error(node.pos(), "duplicate rule id '" + id + "': expected ids unique in the file, found it " +
                "already at " + first);
            return null;
        }
        return id;
    }

    private boolean required(final YamlNode.Mapping m, final String key, final String label, final String choices)
    {
        if (m.get(key) == null)
        {
            values.error(m.pos(), label + ": missing required key '" + key + "' (" + choices + ")");
            return false;
        }
        return true;
    }

    /**
     * Reads the rule's one pattern: a window with its when, a sequence with its within, or an absence.
     *
     * @return a WindowSpec, SequenceSpec or AbsenceSpec, or null after an error.
     */
    private Object pattern(final YamlNode.Mapping m, final String label)
    {
        YamlNode.Entry chosen = null;
        boolean conflict = false;
        for (final YamlNode.Entry e : m.entries())
        {
            if (!PATTERNS.contains(e.key()))
            {
                continue;
            }
            if (chosen == null)
            {
                chosen = e;
            }
            else
            {
                conflict = true;
                values.error(e.keyPos(), label + " has more than one pattern: expected one of window, sequence or " +
                    "absence, found both " + chosen.key() + " (at " + chosen.keyPos() + ") and " + e.key());
            }
        }
        final YamlNode.Entry when = m.get("when");
        final YamlNode.Entry within = m.get("within");
        if (when != null && !conflict && (chosen == null || !"window".equals(chosen.key())))
        {
            values.error(when.keyPos(), "when belongs to a window rule: expected a window: with it" +
                (chosen == null ? "" : "; a " + chosen.key() + " fires when its pattern completes"));
        }
        if (within != null && !conflict && (chosen == null || !"sequence".equals(chosen.key())))
        {
            values.error(within.keyPos(), "within belongs to a sequence" + (chosen != null &&
                "absence".equals(chosen.key()) ? ": an absence takes its within inside absence: { ... }" :
                chosen != null ? ": a window's length is its size" : ": expected a sequence: with it"));
        }
        if (chosen == null)
        {
            values.error(m.pos(), label + " has no pattern: expected a window (with when), a sequence (with " +
                "within) or an absence");
            return null;
        }
        switch (chosen.key())
        {
            case "window":
                return patterns.window(chosen, when);
            case "sequence":
                return patterns.sequence(chosen, within);
            default:
                return patterns.absence(chosen);
        }
    }
}
