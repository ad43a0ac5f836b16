package io.vigil.rules.expr;

/**
 * Prints an expression tree in canonical form: single spaces around binary operators, parentheses only where
 * precedence needs them. Two aggregates that print the same compute the same thing, so the compiler uses the
 * printed text to share them; it is also the aggregate's name in alert details.
 */
final class ExprPrinter
{
    private ExprPrinter()
    {
    }

    /**
     * @param node an expression.
     * @return its canonical text.
     */
    static String print(final Node node)
    {
        final StringBuilder sb = new StringBuilder();
        print(node, sb);
        return sb.toString();
    }

    private static void print(final Node node, final StringBuilder sb)
    {
        if (node instanceof Node.NumberLit)
        {
            sb.append(((Node.NumberLit)node).text());
        }
        else if (node instanceof Node.StringLit)
        {
            sb.append('"').append(((Node.StringLit)node).value().replace("\\", "\\\\").replace("\"", "\\\""))
                .append('"');
        }
        else if (node instanceof Node.BoolLit)
        {
            sb.append(((Node.BoolLit)node).value());
        }
        else if (node instanceof Node.FieldRef)
        {
            sb.append(((Node.FieldRef)node).name());
        }
        else if (node instanceof Node.Unary)
        {
            final Node.Unary unary = (Node.Unary)node;
            sb.append(unary.op().symbol());
            child(unary.operand(), Op.PREFIX_PRECEDENCE, sb);
        }
        else if (node instanceof Node.Binary)
        {
            final Node.Binary binary = (Node.Binary)node;
            final int p = binary.op().precedence();
            child(binary.left(), p, sb);
            sb.append(' ').append(binary.op().symbol()).append(' ');
            child(binary.right(), p + 1, sb);
        }
        else if (node instanceof Node.InTable)
        {
            final Node.InTable in = (Node.InTable)node;
            child(in.subject(), Op.IN.precedence() + 1, sb);
            sb.append(" in ").append(in.list());
        }
        else if (node instanceof Node.InList)
        {
            final Node.InList in = (Node.InList)node;
            child(in.subject(), Op.IN.precedence() + 1, sb);
            sb.append(" in [");
            for (int i = 0; i < in.values().size(); i++)
            {
                sb.append(i == 0 ? "" : ", ");
                print(in.values().get(i), sb);
            }
            sb.append(']');
        }
        else
        {
            final Node.Call call = (Node.Call)node;
            sb.append(call.name()).append('(');
            for (int i = 0; i < call.args().size(); i++)
            {
                sb.append(i == 0 ? "" : ", ");
                print(call.args().get(i), sb);
            }
            sb.append(')');
        }
    }

    private static void child(final Node node, final int minPrecedence, final StringBuilder sb)
    {
        final int p = precedence(node);
        if (p < minPrecedence)
        {
            sb.append('(');
            print(node, sb);
            sb.append(')');
        }
        else
        {
            print(node, sb);
        }
    }

    private static int precedence(final Node node)
    {
        if (node instanceof Node.Binary)
        {
            return ((Node.Binary)node).op().precedence();
        }
        if (node instanceof Node.InList || node instanceof Node.InTable)
        {
            return Op.IN.precedence();
        }
        if (node instanceof Node.Unary)
        {
            return Op.PREFIX_PRECEDENCE;
        }
        return Integer.MAX_VALUE;
    }
}
