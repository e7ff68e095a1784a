namespace SupplyShock.Core.Sampling;

using System.Runtime.CompilerServices;

/// <summary>
/// The uniforms of a run's trials under the sobol sampler (issue 10): R independent scramblings interleaved, trial t
/// taking point t / R of replicate t mod R. Interleaving means any prefix of R 2^k trials (an auto-stop checkpoint) holds
/// the first 2^k points of every replicate, each a scrambled net, so the R replicate means are independent unbiased
/// estimates and their spread is the run's standard error. A pure function of (seed, trial, dimension), like
/// <see cref="KeyedRandom.Uniform"/>: a sealed class with direct calls, so the sampler's hot loop pays no delegate or
/// virtual call per coordinate; immutable, so threads share one.
/// </summary>
public sealed class SobolTrials
{
    private readonly SobolSequence[] replicates;

    public SobolTrials(int dimensions, long seed, int replicates, SobolScrambling scrambling = SobolScrambling.Owen)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicates, 1);
        this.replicates = new SobolSequence[replicates];
        for (var r = 0; r < replicates; r++)
        {
            this.replicates[r] = new SobolSequence(dimensions, seed, r, scrambling);
        }
        Dimensions = dimensions;
    }

    public int Dimensions { get; }

    public int Replicates => replicates.Length;

    /// <summary>Trials run 0..MaxTrials - 1: every replicate's points.</summary>
    public long MaxTrials => replicates.Length * SobolSequence.MaxPoints;

    /// <summary>The replicate whose point <paramref name="trial"/> is: the group its outcome is averaged in for the standard error.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReplicateOf(long trial) => (int)(trial % replicates.Length);

    /// <summary>Uniform <paramref name="dimension"/> of <paramref name="trial"/>, in (0, 1).</summary>
    public double Uniform(long trial, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        return replicates[trial % replicates.Length].Coordinate(trial / replicates.Length, dimension);
    }

    /// <summary>Uniforms 0..uniforms.Length - 1 of <paramref name="trial"/>: the sampler's call, once a trial.</summary>
    public void Point(long trial, Span<double> uniforms)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        replicates[trial % replicates.Length].Point(trial / replicates.Length, uniforms);
    }
}
