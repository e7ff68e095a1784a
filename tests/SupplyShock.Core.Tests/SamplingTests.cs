namespace SupplyShock.Core.Tests;

using MathNet.Numerics.Distributions;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Sampling;

/// <summary>MODEL.md sections 3 and 7: keyed streams, samplers, inverse transforms and the copula, against closed forms and MathNet.</summary>
public sealed class SamplingTests
{
    [Fact]
    public void Uniform_KeyedStream_IsInOpenUnitIntervalWithMeanHalf()
    {
        var key = KeyedRandom.StreamKey(42, "approval");
        var draws = Enumerable.Range(0, 100_000).Select(k => KeyedRandom.Uniform(key, k)).ToArray();

        Assert.All(draws, u => Assert.InRange(u, double.Epsilon, 1 - 1e-17));
        var se = Math.Sqrt(1.0 / 12 / draws.Length);
        Assert.True(Math.Abs(draws.Average() - 0.5) < 4 * se);
        // Neighbouring trials are uncorrelated: lag-1 correlation within 4 se of 0.
        var lag = Enumerable.Range(1, draws.Length - 1).Average(k => (draws[k] - 0.5) * (draws[k - 1] - 0.5)) * 12;
        Assert.True(Math.Abs(lag) < 4 / Math.Sqrt(draws.Length));
    }

    [Fact]
    public void Uniform_DependsOnlyOnSeedKeyAndTrial()
    {
        var a = KeyedRandom.StreamKey(1, "x");
        Assert.Equal(KeyedRandom.Uniform(a, 17), KeyedRandom.Uniform(KeyedRandom.StreamKey(1, "x"), 17));
        Assert.NotEqual(KeyedRandom.Uniform(a, 17), KeyedRandom.Uniform(KeyedRandom.StreamKey(2, "x"), 17));
        Assert.NotEqual(KeyedRandom.Uniform(a, 17), KeyedRandom.Uniform(KeyedRandom.StreamKey(1, "y"), 17));
        Assert.NotEqual(KeyedRandom.Uniform(a, 17), KeyedRandom.Uniform(a, 18));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    [InlineData(4097)]
    public void KeyedPermutation_IsAPermutation(int n)
    {
        var permutation = new KeyedPermutation(KeyedRandom.StreamKey(3, "p"), n);

        var image = Enumerable.Range(0, n).Select(i => permutation[i]).Order().ToArray();

        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), image);
    }

    public static TheoryData<Distribution, string> Distributions() => new()
    {
        { new BetaDistribution(2, 8, 0, 1), "beta(2,8)" },
        { new BetaDistribution(0.7, 0.9, 2, 5), "beta(0.7,0.9) on [2,5]" },
        { new PertDistribution(0.7, 0.85, 1.0, 4), "pert" },
    };

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Quantile_TabulatedBeta_MatchesMathNetInverse(Distribution distribution, string name)
    {
        var inverse = InverseCdf.For(distribution);
        var (a, b, min, max) = distribution switch
        {
            BetaDistribution d => (d.A, d.B, d.Min, d.Max),
            PertDistribution d => (1 + (d.Lambda * (d.Mode - d.Min) / (d.Max - d.Min)), 1 + (d.Lambda * (d.Max - d.Mode) / (d.Max - d.Min)), d.Min, d.Max),
            _ => throw new ArgumentException(name),
        };
        var grid = Enumerable.Range(1, 4999).Select(i => i / 5000.0).Concat([1e-6, 0.0004, 0.001, 0.9999]);
        // MathNet's own inverse solves to about 1e-8, so the test is the definition of an inverse: F(Q(u)) = u.
        foreach (var u in grid)
        {
            var x = (inverse.Quantile(u) - min) / (max - min);
            Assert.True(Math.Abs(Beta.CDF(a, b, x) - u) < 5e-9, $"{name} at u={u}: F(Q(u)) = {Beta.CDF(a, b, x)}");
            Assert.True(Math.Abs(x - Beta.InvCDF(a, b, u)) < 1e-7, $"{name} at u={u}: {x} vs MathNet {Beta.InvCDF(a, b, u)}");
        }
    }

    [Fact]
    public void Quantile_ClosedForms_MatchMathNet()
    {
        var triangular = InverseCdf.For(new TriangularDistribution(3, 6, 12));
        var normal = InverseCdf.For(new NormalDistribution(0.5, 0.2, null, null));
        var lognormal = InverseCdf.For(new LogNormalDistribution(1, 0.5));
        foreach (var u in new[] { 0.001, 0.2, 0.5, 0.8, 0.999 })
        {
            Assert.Equal(Triangular.InvCDF(3, 12, 6, u), triangular.Quantile(u), 10);
            Assert.Equal(Normal.InvCDF(0.5, 0.2, u), normal.Quantile(u), 10);
            Assert.Equal(LogNormal.InvCDF(1, 0.5, u), lognormal.Quantile(u), 10);
        }
    }

    [Fact]
    public void Quantile_TruncatedNormal_IsTheConditionalQuantile()
    {
        var truncated = InverseCdf.For(new NormalDistribution(0.5, 0.3, 0, 1));
        var (lo, hi) = (Normal.CDF(0.5, 0.3, 0), Normal.CDF(0.5, 0.3, 1));

        foreach (var u in new[] { 0.01, 0.3, 0.5, 0.9, 0.999 })
        {
            Assert.Equal(Normal.InvCDF(0.5, 0.3, lo + (u * (hi - lo))), truncated.Quantile(u), 10);
        }
        // An interval in the far upper tail keeps precision by mirroring.
        var tail = InverseCdf.For(new NormalDistribution(0, 1, 6, 7));
        Assert.InRange(tail.Quantile(0.5), 6, 7);
    }

    [Fact]
    public void Quantile_BernoulliAndDiscrete_FollowTheSpecsConventions()
    {
        // MODEL.md section 3: bernoulli is 1 iff U > 1 - p; discrete is the smallest value whose cumulative weight reaches U.
        var bernoulli = InverseCdf.For(new BernoulliDistribution(0.3));
        Assert.Equal(0, bernoulli.Quantile(0.7));
        Assert.Equal(1, bernoulli.Quantile(0.7000001));
        var discrete = InverseCdf.For(new DiscreteDistribution([1, 2, 5], [0.2, 0.3, 0.5]));
        Assert.Equal(1, discrete.Quantile(0.2));
        Assert.Equal(2, discrete.Quantile(0.2000001));
        Assert.Equal(2, discrete.Quantile(0.5));
        Assert.Equal(5, discrete.Quantile(0.9));
    }

    private static ParameterSampler Sampler(Sampler kind, long trials, params (string Name, Distribution D)[] inputs) =>
        new(inputs.Select(i => new RandomInput(i.Name, i.D, true)).ToArray(), [], 11, kind, trials);

    [Fact]
    public void MonteCarlo_TrialsDrawsUnchangedWhenTrialsGrowOrAnInputIsAdded()
    {
        // MODEL.md section 7: a draw depends only on (seed, key, trial).
        var small = Sampler(Model.Sampler.MonteCarlo, 1_000, ("a", new UniformDistribution(0, 1)));
        var large = Sampler(Model.Sampler.MonteCarlo, 50_000, ("z", new BetaDistribution(2, 2, 0, 1)), ("a", new UniformDistribution(0, 1)));
        Span<double> one = stackalloc double[1];
        Span<double> two = stackalloc double[2];

        for (var k = 0; k < 1_000; k += 37)
        {
            small.Draw(k, one, []);
            large.Draw(k, two, []);
            Assert.Equal(one[0], two[1]);
        }
    }

    [Fact]
    public void LatinHypercube_EachStratumExactlyOnce()
    {
        const int n = 5_000;
        var sampler = Sampler(Model.Sampler.LatinHypercube, n, ("a", new UniformDistribution(0, 1)), ("b", new UniformDistribution(0, 1)));
        var strata = new[] { new bool[n], new bool[n] };
        var values = new double[2];

        for (var k = 0; k < n; k++)
        {
            sampler.Draw(k, values, []);
            for (var i = 0; i < 2; i++)
            {
                var stratum = (int)(values[i] * n);
                Assert.False(strata[i][stratum], $"input {i}: stratum {stratum} drawn twice");
                strata[i][stratum] = true;
            }
        }
    }

    [Fact]
    public void GaussianCopula_NormalScoresHaveTheGivenCorrelation()
    {
        const int n = 40_000;
        const double rho = 0.6;
        RandomInput[] inputs = [new("a", new UniformDistribution(0, 1), true), new("b", new BetaDistribution(2, 5, 0, 1), true)];
        var sampler = new ParameterSampler(inputs, [new Correlation("a", "b", rho)], 5, Model.Sampler.MonteCarlo, n);
        var values = new double[2];
        var scratch = new double[2];
        double sumXy = 0, sumXx = 0, sumYy = 0;

        for (var k = 0; k < n; k++)
        {
            sampler.Draw(k, values, scratch);
            var x = Normal.InvCDF(0, 1, values[0]);
            var y = Normal.InvCDF(0, 1, Beta.CDF(2, 5, values[1]));
            (sumXy, sumXx, sumYy) = (sumXy + (x * y), sumXx + (x * x), sumYy + (y * y));
        }
        var r = sumXy / Math.Sqrt(sumXx * sumYy);
        var se = (1 - (rho * rho)) / Math.Sqrt(n);
        Assert.True(Math.Abs(r - rho) < 4 * se, $"correlation of normal scores {r}, expected {rho} (se {se})");
    }
}

public sealed class KeyedDrawsTests
{
    [Fact]
    public void AddingASupplierOrParameter_LeavesEveryOtherDrawAsItWas()
    {
        // MODEL.md section 7: a draw depends only on (seed, key, trial), never on what else the file holds.
        var policies = "  ban: { leakage: { dist: uniform, min: 0, max: 0.2 }, rules: [ { action: license, approval: $p } ] }\n";
        var baseYaml = Scenarios.OneComponent("  - { id: a, country: US }", "  - { supplier: a, component: chip, value: 100 }", policies)
            + "\nparameters:\n  p: { dist: uniform, min: 0, max: 1 }\n";
        var grownYaml = Scenarios.OneComponent(
                "  - { id: zz, country: KR }\n  - { id: a, country: US }",
                "  - { supplier: zz, component: chip, value: 50 }\n  - { supplier: a, component: chip, value: 100 }",
                policies)
            + "\nparameters:\n  extra: { dist: beta, a: 2, b: 2 }\n  p: { dist: uniform, min: 0, max: 1 }\n";
        var small = ModelCompiler.Compile(Scenarios.Valid(baseYaml), new RunOptions(100, 5, Model.Sampler.MonteCarlo, 1));
        var grown = ModelCompiler.Compile(Scenarios.Valid(grownYaml), new RunOptions(5000, 5, Model.Sampler.MonteCarlo, 1));

        // The licence uniform W of supply edge (a, chip) keeps its stream.
        var stream = small.LicenceStreams[Array.IndexOf(small.LicenceEdges, 0)];
        Assert.Contains(stream, grown.LicenceStreams);
        // Every draw of p and of the inline leakage is the same in trial k, whatever else was added.
        var a = new double[small.Sampler.Inputs.Count];
        var b = new double[grown.Sampler.Inputs.Count];
        for (var k = 0; k < 100; k += 7)
        {
            small.Sampler.Draw(k, a, []);
            grown.Sampler.Draw(k, b, []);
            foreach (var key in new[] { "p", "policies.ban.leakage" })
            {
                var i = small.Sampler.Inputs.ToList().FindIndex(x => x.Key == key);
                var j = grown.Sampler.Inputs.ToList().FindIndex(x => x.Key == key);
                Assert.Equal(a[i], b[j]);
            }
        }
    }
}
