namespace SupplyShock.Core.Validation;

/// <summary>"Did you mean" for unknown keys, ids and names.</summary>
public static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="input"/>, if it is close enough to be a likely typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        // Short names are one edit from many others: allow fewer edits, so a suggestion stays a likely typo.
        var limit = input.Length <= 3 ? 1 : Math.Max(2, input.Length / 3);
        foreach (var candidate in candidates)
        {
            if (string.Equals(candidate, input, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
            if (Math.Abs(candidate.Length - input.Length) > limit)
            {
                continue;
            }
            var d = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant(), Math.Min(limit, bestDistance));
            if (d < bestDistance || (d == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= limit && best is not null && bestDistance < best.Length ? best : null;
    }

    /// <summary>"; did you mean 'x'?" or nothing.</summary>
    public static string DidYouMean(string input, IEnumerable<string> candidates, string prefix = "") =>
        Closest(input, candidates) is { } c ? $"; did you mean '{prefix}{c}'?" : "";

    /// <summary>Optimal string alignment distance (a swap of two letters counts as one edit), cut off above <paramref name="cap"/>.</summary>
    internal static int Distance(string a, string b, int cap)
    {
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = current[0];
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var v = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, previous2[j - 2] + 1);
                }
                current[j] = v;
                rowMin = Math.Min(rowMin, v);
            }
            if (rowMin > cap)
            {
                return int.MaxValue;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
