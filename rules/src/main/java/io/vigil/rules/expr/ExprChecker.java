package io.vigil.rules.expr;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Type-checks an expression tree and records every node's type. Collects all errors it can find (it does not
 * stop at the first); a sub-expression with an error has no type, and its parents report nothing more about
 * it, so one mistake gives one message.
 */
final class ExprChecker
{
    private final boolean aggregatesAllowed;
    private final boolean onClose;
    private final String windowType;
    private final io.vigil.core.event.KeyType ruleKey;
    private final List<ExprError> errors = new ArrayList<>();
    private final Map<Node, ExprType> types = new IdentityHashMap<>();
    private boolean readsEvent;

    /**
     * @param aggregatesAllowed true for a window's {@code when}, false for filters.
     * @param onClose           true when the condition is evaluated as a window closes, with no event.
     * @param windowType        the window's type as written ("sliding", "tumbling", ...), or null when not
     *                          known: then prev() and seen() are allowed.
     */
    ExprChecker(final boolean aggregatesAllowed, final boolean onClose, final String windowType)
    {
        this(aggregatesAllowed, onClose, windowType, null);
    }

    /**
     * @param ruleKey the rule's key type, or null when unknown: then the card-only table fields are allowed.
     */
    ExprChecker(final boolean aggregatesAllowed, final boolean onClose, final String windowType,
        final io.vigil.core.event.KeyType ruleKey)
    {
        this.ruleKey = ruleKey;
        this.aggregatesAllowed = aggregatesAllowed;
        this.onClose = onClose;
        this.windowType = windowType;
    }

    List<ExprError> errors()
    {
        return errors;
    }

    Map<Node, ExprType> types()
    {
        return types;
    }

    /** @return whether the expression reads a field of the current event outside any aggregate. */
    boolean readsEvent()
    {
        return readsEvent;
    }

    /**
     * @param root the whole expression.
     * @param role what it is, for the message when it is no condition: "a filter", "when".
     */
    void checkCondition(final Node root, final String role)
    {
        final ExprType type = check(root, null);
        if (type != null && type != ExprType.BOOL)
        {
            error(root, role + " must be a condition (true or false): expected a boolean, found " +
                type.description());
        }
    }

    private ExprType check(final Node node, final Node.Call aggregate)
    {
        final ExprType type = typeOf(node, aggregate);
        if (type != null)
        {
            types.put(node, type);
        }
        return type;
    }

    private ExprType typeOf(final Node node, final Node.Call aggregate)
    {
        if (node instanceof Node.NumberLit)
        {
            return ExprType.NUMBER;
        }
        if (node instanceof Node.StringLit)
        {
            return ExprType.STRING;
        }
        if (node instanceof Node.BoolLit)
        {
            return ExprType.BOOL;
        }
        if (node instanceof Node.FieldRef)
        {
            return field((Node.FieldRef)node, aggregate);
        }
        if (node instanceof Node.Unary)
        {
            final Node.Unary unary = (Node.Unary)node;
            final ExprType want = unary.op() == Op.NOT ? ExprType.BOOL : ExprType.NUMBER;
            return expect(unary.operand(), check(unary.operand(), aggregate), want, "'" + unary.op().symbol() + "'") ?
                want : null;
        }
        if (node instanceof Node.Binary)
        {
            return binary((Node.Binary)node, aggregate);
        }
        if (node instanceof Node.InList)
        {
            return inList((Node.InList)node, aggregate);
        }
        if (node instanceof Node.InTable)
        {
            return inTable((Node.InTable)node, aggregate);
        }
        return call((Node.Call)node, aggregate);
    }

    private ExprType field(final Node.FieldRef ref, final Node.Call aggregate)
    {
        final Field field = Field.fromWireName(ref.name());
        if (field == null)
        {
            final List<String> names = new ArrayList<>();
            for (final Field f : Field.values())
            {
                names.add(f.wireName());
            }
            error(ref, "unknown field '" + ref.name() + "'" + Suggestions.didYouMean(ref.name(), names) +
                "; known fields: " + Field.names());
            return null;
        }
        if (field.needsCardKey() && ruleKey != null && ruleKey != io.vigil.core.event.KeyType.CARD)
        {
            error(ref, "'" + ref.name() + "' is kept in the card's own shard (the " + field.table() +
                " table is keyed by card): expected it in a rule with key: card, found key: " + ruleKey.wireName());
            return null;
        }
        if (aggregate == null)
        {
            readsEvent = true;
            if (onClose)
            {
                error(ref, "when of an on-close window may use only aggregates: expected an aggregate such as " +
                    "count() or sum(" + ref.name() + "), found the event field '" + ref.name() +
                    "' (there is no current event when a window closes)");
                return null;
            }
        }
        return field.type();
    }

    private ExprType binary(final Node.Binary node, final Node.Call aggregate)
    {
        final Op op = node.op();
        final ExprType left = check(node.left(), aggregate);
        final ExprType right = check(node.right(), aggregate);
        final String where = "'" + op.symbol() + "'";
        if (op.isLogical())
        {
            final boolean ok = expect(node.left(), left, ExprType.BOOL, where);
            return expect(node.right(), right, ExprType.BOOL, where) && ok ? ExprType.BOOL : null;
        }
        if (op.isArithmetic() || op.isRelational())
        {
            final boolean ok = expect(node.left(), left, ExprType.NUMBER, where);
            final boolean ok2 = expect(node.right(), right, ExprType.NUMBER, where);
            return ok && ok2 ? (op.isArithmetic() ? ExprType.NUMBER : ExprType.BOOL) : null;
        }
        if (left == null || right == null)
        {
            return null;
        }
        if (left != right)
        {
            error(node.right(), "cannot compare " + left.description() + " with " + right.description() + " using " +
                where + ": expected " + left.description() + ", found " + describe(node.right()));
            return null;
        }
        if (left == ExprType.STRING)
        {
            final boolean ok = checkLiteralFor(node.left(), node.right());
            return checkLiteralFor(node.right(), node.left()) && ok ? ExprType.BOOL : null;
        }
        return ExprType.BOOL;
    }

    private ExprType inList(final Node.InList node, final Node.Call aggregate)
    {
        final ExprType subject = check(node.subject(), aggregate);
        if (subject == ExprType.BOOL)
        {
            error(node.subject(), "'in' tests a string or a number: expected a string or a number, found " +
                subject.description());
            return null;
        }
        boolean ok = subject != null;
        for (final Node value : node.values())
        {
            final boolean literal = value instanceof Node.StringLit || value instanceof Node.NumberLit ||
                (value instanceof Node.Unary && ((Node.Unary)value).op() == Op.NEG &&
                ((Node.Unary)value).operand() instanceof Node.NumberLit);
            if (!literal)
            {
                error(value, "expected a number or string literal in the list, found " + describe(value));
                ok = false;
                continue;
            }
            final ExprType type = check(value, aggregate);
            if (subject != null && type != subject)
            {
                error(value, "'in' list of " + subject.description() + ": expected " + subject.description() +
                    ", found " + describe(value));
                ok = false;
            }
            else if (subject == ExprType.STRING)
            {
                ok &= checkLiteralFor(node.subject(), value);
            }
        }
        return ok ? ExprType.BOOL : null;
    }

    private ExprType inTable(final Node.InTable node, final Node.Call aggregate)
    {
        final ExprType subject = check(node.subject(), aggregate);
        final String want = ReferenceLists.subjectOf(node.list());
        if (want == null)
        {
            errors.add(new ExprError(node.listLine(), node.listColumn(), "unknown reference list '" + node.list() +
                "'" + Suggestions.didYouMean(node.list(), ReferenceLists.NAMES) + "; known lists: " +
                String.join(", ", ReferenceLists.NAMES) + " (or a literal list such as [\"US\", \"GB\"])"));
            return null;
        }
        if (subject == null)
        {
            return null;
        }
        if (!(node.subject() instanceof Node.FieldRef) || !want.equals(((Node.FieldRef)node.subject()).name()))
        {
            error(node.subject(), node.list() + " is tested with the field " + want + ": expected '" + want +
                " in " + node.list() + "', found " + describe(node.subject()));
            return null;
        }
        return ExprType.BOOL;
    }

    private ExprType call(final Node.Call call, final Node.Call aggregate)
    {
        if (Aggregates.isScalar(call.name(), call.args().size()))
        {
            return scalar(call, aggregate);
        }
        final AggregateKind kind = Aggregates.kind(call.name());
        if (kind == null)
        {
            final String what = Field.fromWireName(call.name()) != null ?
                "'" + call.name() + "' is a field, not a function" :
                "unknown function '" + call.name() + "'" + Suggestions.didYouMean(call.name(), Aggregates.ALL_NAMES);
            error(call, what + "; known aggregates: " + String.join(", ", Aggregates.NAMES) +
                "; scalar functions: " + Aggregates.SCALARS);
            return null;
        }
        if (!aggregatesAllowed)
        {
            error(call, "aggregate " + call.name() + "() is not allowed in a filter: a filter tests one event; " +
                "aggregates belong in a window's when");
            return null;
        }
        if (aggregate != null)
        {
            error(call, "aggregates cannot be nested: found " + call.name() + "() inside " + aggregate.name() + "()");
            return null;
        }
        if (Aggregates.needsSliding(kind) && windowType != null && !"sliding".equals(windowType))
        {
            error(call, call.name() + "() reads the key's earlier events one by one, which only a sliding window " +
                "keeps: expected it in the when of a sliding window, found a " + windowType + " window");
            return null;
        }
        final List<Node> args = call.args();
        final int max = 1;
        final int min = kind == AggregateKind.COUNT ? 0 : 1;
        if (args.size() < min || args.size() > max)
        {
            final String scalarForm = kind == AggregateKind.MIN || kind == AggregateKind.MAX ?
                " or 2 (" + call.name() + "(a, b))" : "";
            error(call, call.name() + "() takes " + (min == max ? "1 argument" : "0 or 1 argument") + " (" +
                Aggregates.signature(kind) + ")" + scalarForm + ", found " + args.size());
            return null;
        }
        if (args.isEmpty())
        {
            return ExprType.NUMBER;
        }
        final Node arg = args.get(0);
        if (kind == AggregateKind.DISTINCT || kind == AggregateKind.SEEN)
        {
            final Field field = arg instanceof Node.FieldRef ? Field.fromWireName(((Node.FieldRef)arg).name()) : null;
            if (field != null && (field.table() != null || field == Field.ACTION))
            {
                error(arg, call.name() + "() counts the values of an event field: expected a field such as " +
                    "merchant, device or country, found '" + field.wireName() + "'");
                return null;
            }
            if (field == null || field.type() != ExprType.STRING)
            {
                if (arg instanceof Node.FieldRef && field == null)
                {
                    check(arg, call);
                    return null;
                }
                error(arg, call.name() + "() counts the values of a string field: expected a field such as " +
                    "merchant, device or country, found " + describe(arg));
                return null;
            }
            return ExprType.NUMBER;
        }
        final ExprType want = kind == AggregateKind.COUNT || kind == AggregateKind.RATIO ?
            ExprType.BOOL : ExprType.NUMBER;
        return expect(arg, check(arg, call), want, call.name() + "()") ? ExprType.NUMBER : null;
    }

    /** A scalar function: distance_km(lat1, lon1, lat2, lon2), max(a, b), min(a, b); numbers in, a number out. */
    private ExprType scalar(final Node.Call call, final Node.Call aggregate)
    {
        final List<Node> args = call.args();
        final int arity = "distance_km".equals(call.name()) ? 4 : 2;
        boolean ok = true;
        for (final Node arg : args)
        {
            ok &= expect(arg, check(arg, aggregate), ExprType.NUMBER, call.name() + "()");
        }
        if (args.size() != arity)
        {
            error(call, call.name() + "() takes " + arity + " arguments (distance_km(lat1, lon1, lat2, lon2), " +
                "in degrees), found " + args.size());
            return null;
        }
        return ok ? ExprType.NUMBER : null;
    }

    /**
     * Checks a string literal compared with status, channel, currency or country against what those can hold.
     */
    private boolean checkLiteralFor(final Node fieldSide, final Node literalSide)
    {
        if (!(fieldSide instanceof Node.FieldRef) || !(literalSide instanceof Node.StringLit))
        {
            return true;
        }
        final Field field = Field.fromWireName(((Node.FieldRef)fieldSide).name());
        final String value = ((Node.StringLit)literalSide).value();
        final String problem = field == null ? null : StringFields.validateLiteral(field, value);
        if (problem != null)
        {
            error(literalSide, problem);
            return false;
        }
        return true;
    }

    private boolean expect(final Node node, final ExprType found, final ExprType want, final String where)
    {
        if (found == null)
        {
            return false;
        }
        if (found != want)
        {
            error(node, where + ": expected " + want.description() + ", found " + describe(node));
            return false;
        }
        return true;
    }

    private String describe(final Node node)
    {
        if (node instanceof Node.FieldRef)
        {
            final ExprType type = types.get(node);
            return "the field '" + ((Node.FieldRef)node).name() + "'" +
                (type == null ? "" : " (" + type.description() + ")");
        }
        if (node instanceof Node.StringLit)
        {
            return "the string \"" + ((Node.StringLit)node).value() + '"';
        }
        if (node instanceof Node.NumberLit)
        {
            return "the number " + ((Node.NumberLit)node).text();
        }
        final ExprType type = types.get(node);
        return type == null ? "'" + ExprPrinter.print(node) + "'" : type.description();
    }

    private void error(final Node node, final String message)
    {
        errors.add(new ExprError(node.line(), node.column(), message));
    }
}
