namespace SupplyShock.Core.Sensitivity;

/// <summary>
/// One metric's model outputs over a <see cref="SobolDesign"/>: f(A)_j, f(B)_j and f(A_B^(g))_j for every row j, each
/// in the slot of its trial (row j's k + 2 values side by side).
/// </summary>
/// <remarks>
/// <para>
/// Why per-row values and not running sums: the bootstrap resamples rows, so it needs each row's values; and the
/// point estimates are then computed once, in row order, from the complete table, so they are the same to the bit for
/// any thread count, batch size or order of recording. Merging is a union of disjoint slots, so it is exact and
/// order-free in the way <c>MetricAccumulator.Merge</c> is: each slot has exactly one writer.
/// </para>
/// <para>
/// Memory: N(k + 2) doubles per metric (plus one bit per slot). At N = 2^16 and k = 50 that is 3.4 million doubles,
/// 27 MB per metric: acceptable for a handful of metrics (the default set over three policies is about 20,
/// so some 550 MB at that extreme, and under 1 MB per metric at the N = 8,192 with ten groups). Integer sums would
/// merge as well but cannot be bootstrapped.
/// </para>
/// <para>
/// Two ways to fill it: one table shared by every thread, with <see cref="Record"/> called concurrently for distinct
/// trials (safe: each writes its own slot and sets its bit atomically); or one table per shard, combined by
/// <see cref="Merge"/> in any order.
/// </para>
/// </remarks>
public sealed class SobolEvaluations
{
    private readonly double[] values; // values[trial] = f at the design point of `trial`
    private readonly long[] recorded; // bit trial % 64 of word trial / 64

    public SobolEvaluations(SobolDesign design)
    {
        Design = design;
        values = new double[design.Trials];
        recorded = new long[(design.Trials + 63) / 64];
    }

    public SobolDesign Design { get; }

    public long RecordedCount => recorded.Sum(w => (long)ulong.PopCount((ulong)w));

    public bool IsComplete => RecordedCount == Design.Trials;

    /// <summary>The model's output at <paramref name="trial"/>; thread-safe for distinct trials. A trial is recorded once.</summary>
    public void Record(long trial, double value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trial, values.Length);
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"trial {trial}: the model gave {value}", nameof(value));
        }
        values[trial] = value;
        var bit = 1L << (int)(trial & 63);
        if ((Interlocked.Or(ref recorded[trial >> 6], bit) & bit) != 0)
        {
            throw new InvalidOperationException($"trial {trial} was recorded twice");
        }
    }

    /// <summary>Takes the trials <paramref name="other"/> recorded; the two must share the design and record disjoint trials.</summary>
    public void Merge(SobolEvaluations other)
    {
        if (other.Design.Trials != Design.Trials || other.Design.BlocksPerRow != Design.BlocksPerRow)
        {
            throw new ArgumentException("cannot merge evaluations of different designs", nameof(other));
        }
        for (var w = 0; w < recorded.Length; w++)
        {
            var theirs = other.recorded[w];
            if ((recorded[w] & theirs) != 0)
            {
                throw new InvalidOperationException($"both hold a trial in {64L * w}..{(64L * w) + 63}");
            }
            for (var rest = (ulong)theirs; rest != 0; rest &= rest - 1)
            {
                var trial = (64L * w) + (long)ulong.TrailingZeroCount(rest);
                values[trial] = other.values[trial];
            }
            recorded[w] |= theirs;
        }
    }

    /// <summary>Evaluates <paramref name="model"/> at every trial of <paramref name="design"/>, in trial order, on this thread.</summary>
    public static SobolEvaluations Evaluate(SobolDesign design, DesignUniform uniforms, ResponseFunction model)
    {
        var evaluations = new SobolEvaluations(design);
        var point = new double[design.Inputs];
        for (long t = 0; t < design.Trials; t++)
        {
            design.Fill(t, uniforms, point);
            evaluations.Record(t, model(point));
        }
        return evaluations;
    }

    /// <summary>Row j's values: [f(A)_j, f(B)_j, f(A_B^(0))_j, ..., f(A_B^(k-1))_j].</summary>
    internal ReadOnlySpan<double> Row(int row) => values.AsSpan((int)Design.Trial(row, 0), Design.BlocksPerRow);
}
