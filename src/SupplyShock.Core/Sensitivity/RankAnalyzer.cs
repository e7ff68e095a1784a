namespace SupplyShock.Core.Sensitivity;

/// <summary>
/// The rank analysis of issue 9 (`sensitivity --method rank`) over the trials of one ordinary run: per input, Spearman's
/// rank correlation with the metric, its 95% interval, its share of the explained rank variance, and the tornado's
/// numbers. The inputs are ranked once when the analyzer is built, so each further metric costs one sort and a pass
/// per input.
/// </summary>
/// <remarks>
/// Ranks are global over the trials, so nothing here merges by parts: the caller keeps every trial's inputs and metric
/// (trial t at index t, as the engine's per-trial outcomes are) and analyses them once the run is complete. Memory:
/// k inputs x n trials doubles, held by the caller, plus the input ranks here (another k x n doubles).
/// </remarks>
public sealed class RankAnalyzer
{
    private readonly double[][] inputRanks; // average ranks of input i over the trials, 1..n
    private readonly int[][] lowTenth;      // trials whose input i is among its `tenth` smallest
    private readonly int[][] highTenth;     // ... among its `tenth` largest
    private readonly int tenth;

    /// <param name="inputs">inputs[i][t]: input i's draw in trial t; every input has the same number of trials, at least 4.</param>
    public RankAnalyzer(IReadOnlyList<double[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Trials = inputs.Count > 0 ? inputs[0].Length : throw new ArgumentException("no inputs", nameof(inputs));
        if (Trials < 4)
        {
            // The Fisher z interval's standard error has n - 3 under a square root.
            throw new ArgumentException($"a rank analysis needs at least 4 trials (got {Trials})", nameof(inputs));
        }
        tenth = Math.Max(1, Trials / 10);
        inputRanks = new double[inputs.Count][];
        lowTenth = new int[inputs.Count][];
        highTenth = new int[inputs.Count][];
        var order = new int[Trials];
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].Length != Trials)
            {
                throw new ArgumentException($"input {i} has {inputs[i].Length} trials, input 0 has {Trials}", nameof(inputs));
            }
            inputRanks[i] = new double[Trials];
            Rank(inputs[i], order, inputRanks[i]);
            lowTenth[i] = order[..tenth];
            highTenth[i] = order[^tenth..];
        }
    }

    public int Trials { get; }

    public int InputCount => inputRanks.Length;

    /// <summary>The analysis of one metric; <paramref name="metric"/>[t] is its value in trial t.</summary>
    public RankSensitivity Analyze(ReadOnlySpan<double> metric)
    {
        if (metric.Length != Trials)
        {
            throw new ArgumentException($"the metric has {metric.Length} trials, the inputs {Trials}", nameof(metric));
        }
        var metricRanks = new double[Trials];
        Rank(metric, new int[Trials], metricRanks);
        var mean = MeanOf(metric);
        var rho = new double[InputCount];
        var sumSquares = 0.0;
        for (var i = 0; i < InputCount; i++)
        {
            rho[i] = Spearman(inputRanks[i], metricRanks);
            sumSquares += rho[i] * rho[i];
        }
        var results = new InputRank[InputCount];
        for (var i = 0; i < InputCount; i++)
        {
            results[i] = new InputRank(
                rho[i],
                Interval(rho[i], Trials),
                sumSquares > 0 ? rho[i] * rho[i] / sumSquares : 0,
                MeanOver(metric, lowTenth[i]),
                MeanOver(metric, highTenth[i]));
        }
        return new RankSensitivity(Trials, tenth, mean, results);
    }

    /// <summary>
    /// The 95% interval of a Spearman correlation: Fisher's z = atanh(rho) is close to normal with standard error
    /// 1.06 / sqrt(n - 3) for Spearman's coefficient (Fieller, Hartley and Pearson 1957, "Tests for rank correlation
    /// coefficients. I", Biometrika 44, 470-481), mapped back by tanh. A correlation of exactly +-1 gives [+-1, +-1].
    /// </summary>
    public static ConfidenceInterval Interval(double rho, long trials)
    {
        var z = Math.Atanh(rho);
        var halfWidth = ConfidenceInterval.Z95 * 1.06 / Math.Sqrt(trials - 3);
        return new ConfidenceInterval(Math.Tanh(z - halfWidth), Math.Tanh(z + halfWidth));
    }

    /// <summary>
    /// Average ranks (1..n; tied values share the mean of the ranks they span) into <paramref name="ranks"/>, and into
    /// <paramref name="order"/> the trials sorted by value, ties by trial index: the deterministic order that picks the
    /// tornado's tenths. Trials are exchangeable, so breaking ties by index favours no value of any other input.
    /// </summary>
    internal static void Rank(ReadOnlySpan<double> values, int[] order, double[] ranks)
    {
        for (var t = 0; t < values.Length; t++)
        {
            order[t] = double.IsNaN(values[t]) ? throw new ArgumentException($"trial {t} is NaN", nameof(values)) : t;
        }
        var keys = values.ToArray();
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        for (var start = 0; start < order.Length;)
        {
            var end = start + 1;
            while (end < order.Length && keys[order[end]] == keys[order[start]])
            {
                end++;
            }
            var averageRank = (start + 1 + end) / 2.0; // mean of the ranks start + 1 .. end
            for (var p = start; p < end; p++)
            {
                ranks[order[p]] = averageRank;
            }
            start = end;
        }
    }

    /// <summary>
    /// Spearman's rho with ties: Pearson's correlation of the average ranks. Both rank vectors have mean (n + 1) / 2
    /// (averaging keeps the sum of ranks). A variable with one value throughout has no order to correlate: rho = 0.
    /// </summary>
    private static double Spearman(double[] x, double[] y)
    {
        var centre = (x.Length + 1) / 2.0;
        double sxy = 0, sxx = 0, syy = 0;
        for (var t = 0; t < x.Length; t++)
        {
            var (dx, dy) = (x[t] - centre, y[t] - centre);
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx > 0 && syy > 0 ? Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1) : 0;
    }

    private static double MeanOf(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }
        return sum / values.Length;
    }

    private static double MeanOver(ReadOnlySpan<double> values, int[] trials)
    {
        var sum = 0.0;
        foreach (var t in trials)
        {
            sum += values[t];
        }
        return sum / trials.Length;
    }
}

/// <summary>
/// One metric's rank analysis: <see cref="Mean"/> is its mean over all trials (the tornado's axis), and
/// <see cref="Inputs"/>[i] is input i's row, in the order the inputs were given.
/// </summary>
/// <param name="TenthSize">Trials in each tenth: max(1, floor(n / 10)).</param>
public sealed record RankSensitivity(int Trials, int TenthSize, double Mean, IReadOnlyList<InputRank> Inputs);

/// <summary>One input against one metric.</summary>
/// <param name="Rho">Spearman's rank correlation (average ranks for ties).</param>
/// <param name="Interval">Its 95% interval (Fisher z, se = 1.06 / sqrt(n - 3)).</param>
/// <param name="Share">
/// The input's share of the explained rank variance, rho_i^2 / sum_j rho_j^2 (0 for every input when all rho are 0).
/// For independent inputs the standardised rank regression's coefficients are the rho_i and its R^2 is sum_j rho_j^2,
/// so rho_i^2 is (in expectation; sample ranks of independent inputs are slightly correlated) the input's part of the rank variance the inputs explain; unlike the regression's own
/// decomposition it stays defined, non-negative and summing to 1 when inputs are correlated or outnumber the trials.
/// </param>
/// <param name="LowTenthMean">The metric's mean over the trials whose input is in its lowest tenth (by rank, ties by trial index).</param>
/// <param name="HighTenthMean">The same over its highest tenth.</param>
public sealed record InputRank(double Rho, ConfidenceInterval Interval, double Share, double LowTenthMean, double HighTenthMean)
{
    /// <summary>The tornado orders its bars by this: how far the metric's mean moves from the input's low tenth to its high.</summary>
    public double Swing => Math.Abs(HighTenthMean - LowTenthMean);
}
