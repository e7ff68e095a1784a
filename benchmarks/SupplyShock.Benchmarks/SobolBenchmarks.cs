namespace SupplyShock.Benchmarks;

using BenchmarkDotNet.Attributes;
using SupplyShock.Core.Sampling;

/// <summary>
/// Issue 10: one trial's uniforms (a point of 100 coordinates) from the Owen- and the linearly scrambled Sobol' sequence,
/// against the keyed pseudo-random stream the monte-carlo sampler draws today. Points around 2^20, as in a long run.
/// </summary>
public class SobolBenchmarks
{
    private const int Dimensions = 100;
    private readonly double[] point = new double[Dimensions];
    private SobolSequence owen = null!;
    private SobolSequence linear = null!;
    private ulong[] streams = [];
    private long index = 1 << 20;

    [GlobalSetup]
    public void Setup()
    {
        owen = new SobolSequence(Dimensions, seed: 1, replicate: 0, SobolScrambling.Owen);
        linear = new SobolSequence(Dimensions, seed: 1, replicate: 0, SobolScrambling.Linear);
        streams = Enumerable.Range(0, Dimensions).Select(j => KeyedRandom.StreamKey(1, $"input/{j}")).ToArray();
    }

    [Benchmark(Baseline = true)]
    public double KeyedStream()
    {
        var trial = index++;
        for (var j = 0; j < Dimensions; j++)
        {
            point[j] = KeyedRandom.Uniform(streams[j], trial);
        }
        return point[^1];
    }

    [Benchmark]
    public double Owen()
    {
        owen.Point(index++, point);
        return point[^1];
    }

    [Benchmark]
    public double Linear()
    {
        linear.Point(index++, point);
        return point[^1];
    }
}
