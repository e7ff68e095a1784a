namespace SupplyShock.Core.Sampling;

using SupplyShock.Core.Model;
using SupplyShock.Core.Validation;

/// <summary>One random input of a run: a named parameter or an inline distribution, keyed as MODEL.md section 7 says.</summary>
public sealed record RandomInput(string Key, Distribution Distribution, bool IsNamedParameter);

/// <summary>
/// Draws every random input of one trial (MODEL.md sections 3 and 7): a keyed uniform per input (stratified under the
/// Latin hypercube), the Gaussian copula for correlated parameters, then the inverse CDF. Thread-safe; no allocation.
/// </summary>
public sealed class ParameterSampler
{
    private readonly ulong[] streams;
    private readonly InverseCdf[] inverses;
    private readonly KeyedPermutation[]? strata;
    private readonly long trials;
    private readonly int[] correlated;   // input indices of the correlated parameters, in the order of parameters:
    private readonly double[,]? cholesky;
    private readonly Sensitivity.SobolDesign? design;
    private readonly Sensitivity.ReorderedFactor? copulaOrder;
    private readonly ulong[]? streamsB;
    private readonly SobolTrials? sobol;

    /// <summary>The key of the stream of matrix B of a Saltelli design, for an input or a licence draw of key <paramref name="key"/>.</summary>
    public static string DesignBKey(string key) => "sobol-B/" + key;

    /// <summary>The uniform of design column <paramref name="column"/> in <paramref name="trial"/>: from stream A or B, at the trial's row.</summary>
    public static double DesignUniform(Sensitivity.SobolDesign design, ulong streamA, ulong streamB, int column, long trial)
    {
        var (row, block) = design.Locate(trial);
        return KeyedRandom.Uniform(design.FromB(block, column) ? streamB : streamA, row);
    }

    /// <param name="design">
    /// A Saltelli design for Sobol indices, or null. With one, trial t draws row t / (k + 2) of matrix A (the streams of an
    /// ordinary run, so f(A) is an ordinary run's first N trials), of B (streams of their own) or of A_B^(g); input i is
    /// design column i. Monte Carlo only: a Latin hypercube's strata would not survive the swap of columns.
    /// </param>
    /// <param name="copulaOrder">
    /// For the full and independent indices of a correlated input (Mara, Tarantola and Saltelli 2015): the copula's block
    /// drawn through the Cholesky factor of its matrix reordered so that input comes first or last. The uniform of
    /// member Order[p]'s column is then Z_p. Null draws the copula as MODEL.md section 3 says.
    /// </param>
    /// <param name="sobol">
    /// The points of a sobol run (issue 10), whose sampler must be <see cref="Sampler.Sobol"/>: input i is dimension i. The
    /// copula and inverse transforms are applied to them as to keyed uniforms.
    /// </param>
    public ParameterSampler(IReadOnlyList<RandomInput> inputs, IReadOnlyList<Correlation> correlations, long seed, Sampler sampler, long trials, Sensitivity.SobolDesign? design = null, Sensitivity.ReorderedFactor? copulaOrder = null, SobolTrials? sobol = null)
    {
        if ((sampler == Sampler.Sobol) != (sobol is not null))
        {
            throw new ArgumentException("the sobol sampler draws from its points, and only it does", nameof(sobol));
        }
        this.sobol = sobol;
        this.copulaOrder = copulaOrder;
        Inputs = inputs;
        this.trials = trials;
        streams = inputs.Select(i => KeyedRandom.StreamKey(seed, i.Key)).ToArray();
        if (design is not null)
        {
            if (sampler != Sampler.MonteCarlo)
            {
                throw new ArgumentException("a Sobol design draws Monte Carlo points: run it with sampler monte-carlo", nameof(sampler));
            }
            this.design = design;
            streamsB = inputs.Select(i => KeyedRandom.StreamKey(seed, DesignBKey(i.Key))).ToArray();
        }
        inverses = inputs.Select(i => InverseCdf.For(i.Distribution)).ToArray();
        if (sampler == Sampler.LatinHypercube)
        {
            // The stratum order is a keyed permutation per input, on a stream of its own.
            strata = inputs.Select(i => new KeyedPermutation(KeyedRandom.StreamKey(seed, "strata/" + i.Key), trials)).ToArray();
        }
        var named = inputs.Select((input, index) => (input, index)).Where(p => p.input.IsNamedParameter).ToList();
        var members = CorrelationMatrix.Members(named.Select(p => p.input.Key), correlations);
        correlated = members.Select(m => named.First(p => p.input.Key == m).index).ToArray();
        cholesky = correlated.Length > 0 ? CorrelationMatrix.Cholesky(CorrelationMatrix.Build(members, correlations)) : null;
    }

    public IReadOnlyList<RandomInput> Inputs { get; }

    public int CorrelatedCount => correlated.Length;

    /// <summary>Fills <paramref name="values"/>[i] with input i's draw for <paramref name="trial"/>; <paramref name="scratch"/> needs <see cref="CorrelatedCount"/> doubles.</summary>
    public void Draw(long trial, Span<double> values, Span<double> scratch)
    {
        for (var i = 0; i < streams.Length; i++)
        {
            values[i] = UniformOf(i, trial);
        }
        if (copulaOrder is not null)
        {
            var n = correlated.Length;
            var u = scratch[..n];
            Span<double> normals = n <= 64 ? stackalloc double[n] : new double[n];
            for (var p = 0; p < n; p++)
            {
                u[p] = values[correlated[copulaOrder.Order[p]]];
            }
            copulaOrder.Correlate(u, normals);
            for (var m = 0; m < n; m++)
            {
                values[correlated[m]] = Math.Clamp(InverseCdf.Phi(normals[m]), double.Epsilon, 1 - 1e-16);
            }
        }
        else if (cholesky is not null)
        {
            // Gaussian copula (MODEL.md section 3): Z = PhiInverse(U), U' = Phi(L Z), applied after stratification.
            var z = scratch[..correlated.Length];
            for (var j = 0; j < correlated.Length; j++)
            {
                z[j] = InverseCdf.PhiInverse(values[correlated[j]]);
            }
            for (var r = correlated.Length - 1; r >= 0; r--)
            {
                var sum = 0.0;
                for (var c = 0; c <= r; c++)
                {
                    sum += cholesky[r, c] * z[c];
                }
                values[correlated[r]] = Math.Clamp(InverseCdf.Phi(sum), double.Epsilon, 1 - 1e-16);
            }
        }
        for (var i = 0; i < streams.Length; i++)
        {
            values[i] = inverses[i].Quantile(values[i]);
        }
    }

    private double UniformOf(int input, long trial)
    {
        if (sobol is not null)
        {
            return sobol.Uniform(trial, input);
        }
        if (design is not null)
        {
            return DesignUniform(design, streams[input], streamsB![input], input, trial);
        }
        if (strata is null)
        {
            return KeyedRandom.Uniform(streams[input], trial);
        }
        // Latin hypercube: stratum pi(k) of `trials` equal strata, a uniform position inside it.
        var stratum = strata[input][trial];
        return (stratum + KeyedRandom.Uniform(streams[input], trial, stream: 1)) / trials;
    }
}
