namespace SupplyShock.Benchmarks;

using BenchmarkDotNet.Attributes;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Scenarios;

/// <summary>
/// Issue 3: compiling, one block of the kernel, accumulating one block, and whole runs of huawei-2019, of a generated
/// 176-flow network (4 quarters) and of a generated 20,000-flow network (8 quarters), all with 4 policies.
/// </summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private ValidScenario huawei = null!;
    private ValidScenario large = null!;
    private ValidScenario small = null!;
    private CompiledModel model = null!;
    private TrialKernel kernel = null!;
    private double[] outcomes = [];
    private double[][] block = [];
    private long[] binding = [];
    private RunAccumulator accumulator = null!;
    private string directory = "";

    [GlobalSetup]
    public void Setup()
    {
        huawei = Load(Path.Combine(Repository.Root, "scenarios", "huawei-2019.yaml"));
        directory = Directory.CreateTempSubdirectory("supplyshock-bench-").FullName;
        large = Load(SyntheticScenario.Write(directory, SyntheticScenario.LargeNetwork, seed: 1));
        small = Load(SyntheticScenario.Write(Path.Combine(directory, "small"), SyntheticScenario.SmallNetwork, seed: 1));
        model = ModelCompiler.Compile(huawei, RunOptions.From(huawei));
        kernel = new TrialKernel(model);
        outcomes = new double[model.Policies.Length * model.Layout.Count];
        binding = new long[model.Policies.Length * model.PairCount];
        accumulator = new RunAccumulator(model);
        block = Enumerable.Range(0, SimulationRunner.BlockSize).Select(t =>
        {
            var o = new double[outcomes.Length];
            kernel.Run(t, o, binding);
            return o;
        }).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    private static ValidScenario Load(string path) =>
        ScenarioLoader.Load(path).Scenario ?? throw new InvalidOperationException($"{path} is not valid");

    [Benchmark]
    public CompiledModel CompileHuawei() => ModelCompiler.Compile(huawei, RunOptions.From(huawei));

    /// <summary>One block of trials through the kernel, all four policies, no statistics.</summary>
    [Benchmark]
    public double KernelBlockHuawei()
    {
        for (var t = 0; t < SimulationRunner.BlockSize; t++)
        {
            kernel.Run(t, outcomes, binding);
        }
        return outcomes[0];
    }

    /// <summary>One block of parameter draws (sampler, copula, inverse CDFs): the part of the kernel before the policies.</summary>
    [Benchmark]
    public double DrawBlockHuawei()
    {
        var draws = new double[model.Sampler.Inputs.Count];
        var scratch = new double[model.Sampler.CorrelatedCount];
        for (var t = 0; t < SimulationRunner.BlockSize; t++)
        {
            model.Sampler.Draw(t, draws, scratch);
        }
        return draws[0];
    }

    /// <summary>One block of trial outcomes into the accumulators (every metric and difference).</summary>
    [Benchmark]
    public long AccumulateBlockHuawei()
    {
        foreach (var o in block)
        {
            accumulator.Add(o);
        }
        return accumulator.Trials;
    }

    [Benchmark]
    public RunResults RunHuawei100k() => SimulationRunner.Run(huawei, RunOptions.From(huawei) with { Trials = 100_000 });

    /// <summary>Issue 3: a 175-flow, 4-quarter, 4-policy network at 100,000 trials.</summary>
    [Benchmark]
    public RunResults RunSmallNetwork100k() => SimulationRunner.Run(small, RunOptions.From(small) with { Trials = 100_000 });

    [Benchmark]
    public RunResults RunLargeNetwork10k() => SimulationRunner.Run(large, RunOptions.From(large) with { Trials = 10_000 });
}

internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupplyShock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SupplyShock.sln not found");
    }
}
