namespace SupplyShock.Core.Validation;

using SupplyShock.Core.Model;

/// <summary>The copula's correlation matrix over the correlated parameters, in the order of parameters: (MODEL.md section 3).</summary>
public static class CorrelationMatrix
{
    /// <summary>The names of the correlated parameters, in the order of <paramref name="parameterOrder"/>.</summary>
    public static IReadOnlyList<string> Members(IEnumerable<string> parameterOrder, IReadOnlyList<Correlation> correlations)
    {
        var named = correlations.SelectMany(c => new[] { c.A, c.B }).ToHashSet();
        return parameterOrder.Where(named.Contains).ToArray();
    }

    public static double[,] Build(IReadOnlyList<string> members, IReadOnlyList<Correlation> correlations)
    {
        var n = members.Count;
        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            matrix[i, i] = 1;
        }
        foreach (var c in correlations)
        {
            var (a, b) = (IndexOf(members, c.A), IndexOf(members, c.B));
            matrix[a, b] = matrix[b, a] = c.Rho;
        }
        return matrix;
    }

    /// <summary>The lower Cholesky factor L (matrix = L L'), or null when the matrix is not positive definite.</summary>
    public static double[,]? Cholesky(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var l = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = matrix[i, j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[i, k] * l[j, k];
                }
                if (i == j)
                {
                    // A pivot this small means the matrix is singular to working precision (|rho| = 1 and the like).
                    if (sum <= 1e-12)
                    {
                        return null;
                    }
                    l[i, i] = Math.Sqrt(sum);
                }
                else
                {
                    l[i, j] = sum / l[j, j];
                }
            }
        }
        return l;
    }

    public static bool IsPositiveDefinite(IEnumerable<string> parameterOrder, IReadOnlyList<Correlation> correlations)
    {
        var members = Members(parameterOrder, correlations);
        return Cholesky(Build(members, correlations)) is not null;
    }

    private static int IndexOf(IReadOnlyList<string> members, string name)
    {
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i] == name)
            {
                return i;
            }
        }
        throw new ArgumentException($"'{name}' is not a correlated parameter", nameof(name));
    }
}
