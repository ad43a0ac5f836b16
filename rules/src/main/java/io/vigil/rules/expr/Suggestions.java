package io.vigil.rules.expr;

import java.util.Collection;

/**
 * "Did you mean" hints for misspelt names in rule files: the closest known name within a small edit distance.
 */
public final class Suggestions
{
    private Suggestions()
    {
    }

    /**
     * @param found what was written.
     * @param known the names that would have been valid.
     * @return {@code " (did you mean 'x'?)"} for a close known name, or "" when none is close.
     */
    public static String didYouMean(final String found, final Collection<String> known)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : known)
        {
            final int d = distance(found.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        final int limit = Math.max(1, Math.min(2, found.length() / 3));
        return best != null && bestDistance <= limit && !best.equals(found) ? " (did you mean '" + best + "'?)" : "";
    }

    /**
     * Optimal string alignment distance: insertions, deletions, substitutions and adjacent transpositions.
     */
    static int distance(final String a, final String b)
    {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
