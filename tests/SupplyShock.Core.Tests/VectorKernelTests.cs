namespace SupplyShock.Core.Tests;

using SupplyShock.Core.Engine;
using SupplyShock.Scenarios;

/// <summary>The vector kernel runs the scalar kernel's operations lane by lane: every outcome must be the same to the bit.</summary>
public sealed class VectorKernelTests
{
    public static TheoryData<string> Files() => new() { "tutorial.yaml", "huawei-2019.yaml" };

    [Theory]
    [MemberData(nameof(Files))]
    public void VectorKernel_EveryLane_MatchesTheScalarKernelExactly(string file)
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RunAccumulatorTests.Root(), "scenarios", file)).Scenario!;
        var model = ModelCompiler.Compile(scenario, RunOptions.From(scenario) with { Trials = 1_000 });
        var scalar = new TrialKernel(model);
        var vector = new VectorTrialKernel(model);
        var width = model.Policies.Length * model.Layout.Count;
        var one = new double[width];
        var many = new double[width * VectorTrialKernel.Lanes];
        var scalarBinding = new long[model.Policies.Length * model.PairCount];
        var vectorBinding = new long[scalarBinding.Length];

        // Full groups and a last partial group (count below the lane count).
        foreach (var (first, count) in new[] { (0L, VectorTrialKernel.Lanes), (37L, VectorTrialKernel.Lanes), (996L, Math.Min(3, VectorTrialKernel.Lanes)) })
        {
            vector.Run(first, count, many, vectorBinding);
            for (var l = 0; l < count; l++)
            {
                scalar.Run(first + l, one, scalarBinding);
                Assert.Equal(one, many.AsSpan(l * width, width).ToArray());
            }
        }
        Assert.Equal(scalarBinding, vectorBinding);
    }
}

public sealed class RunAccumulatorTests
{
    [Fact]
    public void AddBatch_MetricByMetric_GivesTheSameStatisticsAsAddingEachTrial()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(Root(), "scenarios", "huawei-2019.yaml")).Scenario!;
        var model = ModelCompiler.Compile(scenario, RunOptions.From(scenario) with { Trials = 1_000 });
        var kernel = new TrialKernel(model);
        var (byTrial, byBatch) = (new RunAccumulator(model), new RunAccumulator(model));
        var width = byTrial.Width;
        const int n = 37;
        var batch = new double[width * n];
        var binding = new long[model.Policies.Length * model.PairCount];
        for (var k = 0; k < n; k++)
        {
            kernel.Run(k, batch.AsSpan(k * width, width), binding);
            byTrial.Add(batch.AsSpan(k * width, width));
        }

        byBatch.AddBatch(batch, n);

        for (var p = 0; p < model.Policies.Length; p++)
        {
            Assert.Equal(byTrial.Metrics[p].Select(a => a.Statistics()), byBatch.Metrics[p].Select(a => a.Statistics()));
        }
        for (var k = 0; k < byTrial.Differences.Length; k++)
        {
            Assert.Equal(byTrial.Differences[k].Select(a => a.Statistics()), byBatch.Differences[k].Select(a => a.Statistics()));
        }
    }

    internal static string Root()
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
