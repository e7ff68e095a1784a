namespace SupplyShock.Core.Sensitivity;

using SupplyShock.Core.Sampling;
using SupplyShock.Core.Validation;

/// <summary>Where the input of interest goes in the reordered copula block.</summary>
public enum CopulaPosition
{
    /// <summary>First: its Sobol indices are the full ones.</summary>
    First,

    /// <summary>Last: its Sobol indices are the independent ones.</summary>
    Last,
}

/// <summary>
/// Sobol indices of one member of a Gaussian-copula block with correlation R (issue 9, `--correlated full-independent`),
/// after Mara, Tarantola and Saltelli (2015), "Non-parametric methods for global sensitivity analysis of model output
/// with dependent inputs", Environmental Modelling &amp; Software 72, 173-183. The block is written X = L Z with Z
/// independent standard normals and L the lower Cholesky factor of R reordered: with input i first, Z_1 is X_i itself;
/// with i last, Z_last is the part of X_i that no other member explains. The ordinary Sobol indices of that Z are the
/// input's indices:
/// <list type="bullet">
/// <item><b>Full</b> (S_i^full, ST_i^full): the share of the metric's variance that goes with X_i, including what X_i
/// carries through its correlation with the other inputs. It is what fixing X_i would remove if the others then
/// followed it, so a large full index says X_i, or something tied to it, matters.</item>
/// <item><b>Independent</b> (S_i^ind, ST_i^ind): the share explained by the part of X_i not shared with the other
/// inputs. It is what learning X_i adds once they are known, so a small independent index beside a large full one
/// says X_i matters only through its correlated partners.</item>
/// </list>
/// Only the position of input i matters: the others' order changes L but not the sigma-algebra Z_1 (or Z_last), or
/// the remaining Z, generate, so the indices are the same; they keep the order of R.
/// </summary>
public static class CorrelatedSobolEstimator
{
    /// <summary>R with <paramref name="member"/> moved first or last, the others in their order, and its Cholesky factor.</summary>
    /// <exception cref="ArgumentException">R is not square, not symmetric with unit diagonal, or not positive definite.</exception>
    public static ReorderedFactor Reorder(double[,] correlation, int member, CopulaPosition position)
    {
        var d = correlation.GetLength(0);
        if (correlation.GetLength(1) != d)
        {
            throw new ArgumentException($"a correlation matrix is square (got {d} x {correlation.GetLength(1)})", nameof(correlation));
        }
        ArgumentOutOfRangeException.ThrowIfNegative(member);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(member, d);
        var others = Enumerable.Range(0, d).Where(i => i != member);
        var order = (position == CopulaPosition.First ? others.Prepend(member) : others.Append(member)).ToArray();
        var reordered = new double[d, d];
        for (var r = 0; r < d; r++)
        {
            for (var c = 0; c < d; c++)
            {
                var value = correlation[order[r], order[c]];
                if (value != correlation[order[c], order[r]] || (r == c && value != 1))
                {
                    throw new ArgumentException($"not a correlation matrix at ({order[r]}, {order[c]})", nameof(correlation));
                }
                reordered[r, c] = value;
            }
        }
        var factor = CorrelationMatrix.Cholesky(reordered)
            ?? throw new ArgumentException("the correlation matrix is not positive definite", nameof(correlation));
        return new ReorderedFactor(order, position == CopulaPosition.First ? 0 : d - 1, factor);
    }

    /// <summary>
    /// The Saltelli design on Z for the one position of interest: d uniforms per point, mapped by
    /// <see cref="ReorderedFactor.Correlate"/> to the block's correlated standard normals in the order of R, which
    /// <paramref name="model"/> receives (and maps to its marginals, Phi then the inverse CDF, as the sampler does).
    /// One group, so 3N trials: f(A), f(B) and f(A_B^(position)).
    /// </summary>
    public static SobolEvaluations Evaluate(ReorderedFactor factor, int rows, DesignUniform uniforms, ResponseFunction model)
    {
        var design = new SobolDesign(rows, factor.Order.Count, [[factor.Position]]);
        var normals = new double[factor.Order.Count];
        return SobolEvaluations.Evaluate(design, uniforms, point =>
        {
            factor.Correlate(point, normals);
            return model(normals);
        });
    }

    /// <summary>The full and the independent indices of <paramref name="member"/>: two designs of 3N trials each.</summary>
    public static CorrelatedIndices Estimate(
        double[,] correlation, int member, int rows, DesignUniform uniforms, ResponseFunction model, long seed,
        int resamples = SobolEstimator.DefaultResamples)
    {
        SobolIndex At(CopulaPosition position) => SobolEstimator.Estimate(
            Evaluate(Reorder(correlation, member, position), rows, uniforms, model), seed, resamples).Groups[0];
        return new CorrelatedIndices(At(CopulaPosition.First), At(CopulaPosition.Last));
    }
}

/// <summary>
/// A copula block reordered for one member: <see cref="Order"/>[p] is the member of R at position p, and L, the lower
/// Cholesky factor of R reordered, maps independent Z to the block's correlated normals.
/// </summary>
public sealed class ReorderedFactor
{
    private readonly double[,] lower;
    private readonly int[] order;

    internal ReorderedFactor(int[] order, int position, double[,] lower) => (this.order, Position, this.lower) = (order, position, lower);

    public IReadOnlyList<int> Order => order;

    /// <summary>Where the member of interest sits: 0 (first) or d - 1 (last).</summary>
    public int Position { get; }

    /// <summary>L[row, column] of the reordered R (zero above the diagonal).</summary>
    public double Lower(int row, int column) => lower[row, column];

    /// <summary>
    /// Uniforms u (one per position) to the block's correlated standard normals in the order of R:
    /// Z_p = Phi^-1(u_p), X = L Z, normals[Order[p]] = X_p.
    /// </summary>
    public void Correlate(ReadOnlySpan<double> uniforms, Span<double> normals)
    {
        var d = order.Length;
        if (uniforms.Length != d || normals.Length != d)
        {
            throw new ArgumentException($"the block has {d} members (got {uniforms.Length} uniforms, {normals.Length} normals)");
        }
        Span<double> z = d <= 64 ? stackalloc double[d] : new double[d];
        for (var p = 0; p < d; p++)
        {
            z[p] = InverseCdf.PhiInverse(uniforms[p]);
        }
        for (var p = 0; p < d; p++)
        {
            var x = 0.0;
            for (var c = 0; c <= p; c++)
            {
                x += lower[p, c] * z[c];
            }
            normals[order[p]] = x;
        }
    }
}

/// <summary>One copula member's indices (Mara, Tarantola and Saltelli 2015): with it first (full) and last (independent).</summary>
public sealed record CorrelatedIndices(SobolIndex Full, SobolIndex Independent);
