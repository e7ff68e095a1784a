namespace SupplyShock.Core.Tests.Sensitivity;

using MathNet.Numerics.Statistics;
using SupplyShock.Core.Sensitivity;

/// <summary>Issue 9, `sensitivity --method rank`: Spearman's rho, its interval, the shares and the tornado's numbers.</summary>
public sealed class RankAnalyzerTests
{
    // Digits of pi and of e: ties in both the inputs and the metric, as atoms make them in real runs.
    private static readonly double[] X = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    private static readonly double[] Flag = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1];
    private static readonly double[] Y = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8];

    [Fact]
    public void Analyze_TenTrialsWithTies_MatchesHandComputedValues()
    {
        // Average ranks, by hand:
        //   X: 1,1 -> 1.5; 2 -> 3; 3,3 -> 4.5; 4 -> 6; 5,5 -> 7.5; 6 -> 9; 9 -> 10
        //      by trial: 4.5 1.5 6 1.5 7.5 10 3 9 7.5 4.5
        //   Y: 1,1 -> 1.5; 2,2,2 -> 4; 7 -> 6; 8,8,8,8 -> 8.5
        //      by trial: 4 6 1.5 8.5 4 8.5 1.5 8.5 4 8.5
        //   Flag: eight 0 -> 4.5, two 1 -> 9.5
        // Deviations from the mean rank 5.5:
        //   sum dX dY = 1.5 - 2 - 2 - 12 - 3 + 13.5 + 10 + 10.5 - 3 - 3 = 10.5
        //   sum dX^2 = 82.5 - 3 * (2^3 - 2) / 12 = 81;  sum dY^2 = 82.5 - (6 + 24 + 60) / 12 = 75
        //   rho_X = 10.5 / sqrt(81 * 75) = 0.1347150628
        //   sum dFlag dY = -(-1.5) + 4 * (-1.5 + 3) = 7.5;  sum dFlag^2 = 8 + 2 * 16 = 40
        //   rho_Flag = 7.5 / sqrt(40 * 75) = 0.1369306394
        // Interval: tanh(atanh(rho) -+ 1.959964 * 1.06 / sqrt(7)).
        // Shares: 0.018148 / (0.018148 + 0.01875) and the rest.
        // Tornado (one trial per tenth): X's lowest is the 1 of trial 1 (before trial 3), Y = 7; its highest is the 9
        // of trial 5, Y = 8. Flag's lowest is trial 0 (Y = 2), its highest trial 9 (Y = 8). Mean Y = 47 / 10.
        var result = new RankAnalyzer([X, Flag]).Analyze(Y);

        Assert.Equal(10, result.Trials);
        Assert.Equal(1, result.TenthSize);
        Assert.Equal(4.7, result.Mean, 12);
        var (x, flag) = (result.Inputs[0], result.Inputs[1]);
        Assert.Equal(0.13471506281091267, x.Rho, 12);
        Assert.Equal(-0.5714717200119596, x.Interval.Lower, 12);
        Assert.Equal(0.7262678832442637, x.Interval.Upper, 12);
        Assert.Equal(0.13693063937629152, flag.Rho, 12);
        Assert.Equal(-0.5699497031269619, flag.Interval.Lower, 12);
        Assert.Equal(0.7273327503505026, flag.Interval.Upper, 12);
        Assert.Equal(0.491844416562108, x.Share, 12);
        Assert.Equal(0.5081555834378921, flag.Share, 12);
        Assert.Equal((7.0, 8.0), (x.LowTenthMean, x.HighTenthMean));
        Assert.Equal((2.0, 8.0), (flag.LowTenthMean, flag.HighTenthMean));
        Assert.Equal(Correlation.Spearman(X, Y), x.Rho, 12);
    }

    [Fact]
    public void Analyze_MetricMonotoneInOneInput_GivesRhoOneAndOthersWithinFourStandardErrors()
    {
        const int n = 4_000;
        var random = new Random(9);
        var inputs = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var metric = inputs[1].Select(u => Math.Exp(3 * u) - 7).ToArray();

        var result = new RankAnalyzer(inputs).Analyze(metric);

        Assert.Equal(1, result.Inputs[1].Rho, 12);
        Assert.Equal(1, result.Inputs[1].Interval.Lower, 12);
        // Under independence Spearman's rho has standard error 1 / sqrt(n - 1).
        var se = 1 / Math.Sqrt(n - 1);
        Assert.InRange(Math.Abs(result.Inputs[0].Rho), 0, 4 * se);
        Assert.InRange(Math.Abs(result.Inputs[2].Rho), 0, 4 * se);
        Assert.InRange(result.Inputs[1].Share, 0.99, 1);
        Assert.Equal(1, result.Inputs.Sum(i => i.Share), 12);
    }

    [Fact]
    public void Analyze_LinearMetricOfUniforms_TornadoMeansMatchClosedFormWithinFourStandardErrors()
    {
        // Y = sum_j b_j X_j, X_j ~ U(0, 1) independent. Given X_i in its lowest tenth, X_i ~ U(0, 0.1) and the others
        // keep mean 1/2: E[Y | low] = 0.05 b_i + sum_{j != i} b_j / 2, E[Y | high] = 0.95 b_i + sum_{j != i} b_j / 2,
        // with sd sqrt(b_i^2 0.1^2 / 12 + sum_{j != i} b_j^2 / 12) over the tenth's n / 10 trials.
        const int n = 20_000;
        double[] b = [2, -1, 0.5];
        var random = new Random(17);
        var inputs = b.Select(_ => Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var metric = Enumerable.Range(0, n).Select(t => b.Select((bj, j) => bj * inputs[j][t]).Sum()).ToArray();

        var result = new RankAnalyzer(inputs).Analyze(metric);

        var half = b.Sum() / 2;
        var seMean = Math.Sqrt(b.Sum(bj => bj * bj) / 12 / n);
        Assert.InRange(result.Mean, half - (4 * seMean), half + (4 * seMean));
        for (var i = 0; i < b.Length; i++)
        {
            var others = half - (b[i] / 2);
            var sd = Math.Sqrt((b[i] * b[i] * 0.01 / 12) + b.Where((_, j) => j != i).Sum(bj => bj * bj / 12));
            var se = sd / Math.Sqrt(result.TenthSize);
            var (low, high) = (result.Inputs[i].LowTenthMean, result.Inputs[i].HighTenthMean);
            Assert.InRange(low, others + (0.05 * b[i]) - (4 * se), others + (0.05 * b[i]) + (4 * se));
            Assert.InRange(high, others + (0.95 * b[i]) - (4 * se), others + (0.95 * b[i]) + (4 * se));
        }
        Assert.Equal([0, 1, 2], result.Inputs.Select((r, i) => (r.Swing, i)).OrderByDescending(p => p.Swing).Select(p => p.i));
    }

    [Fact]
    public void Analyze_ConstantMetric_GivesZeroRhoAndZeroShares()
    {
        var result = new RankAnalyzer([X, Flag]).Analyze(Enumerable.Repeat(1.0, 10).ToArray());

        Assert.All(result.Inputs, i => Assert.Equal((0.0, 0.0), (i.Rho, i.Share)));
        Assert.All(result.Inputs, i => Assert.Equal((1.0, 1.0), (i.LowTenthMean, i.HighTenthMean)));
    }

    [Fact]
    public void Analyze_MetricOfWrongLength_Throws() =>
        Assert.Throws<ArgumentException>(() => new RankAnalyzer([X]).Analyze(new double[9]));
}
