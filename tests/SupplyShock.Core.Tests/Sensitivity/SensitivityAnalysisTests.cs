namespace SupplyShock.Core.Tests.Sensitivity;

using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Sensitivity;
using SupplyShock.Scenarios;

/// <summary>Sensitivity analysis through the engine (issue 9): the engine's trials are the model evaluations.</summary>
public sealed class SensitivityAnalysisTests
{
    // Under `ban` the US chip is denied from the start with no stockpile and no ramp, so phone output is exactly the
    // chip's substitution share (MODEL.md sections 5 and 6): it depends on that one input. The memory's stockpile (a named
    // parameter) and relax's decoupling are drawn in every trial but cannot move ban's output.
    private const string OneInput = """
        supplyshock: 1
        name: One input
        horizon: { periods: 4, period: quarter, start: 2019-07-01 }
        suppliers:
          - { id: us, country: US }
          - { id: kr, country: KR }
        components:
          - { id: chip, substitution: { dist: uniform, min: 0.2, max: 0.9 } }
          - { id: memory, stockpile: $memory_stock }
        end_uses:
          - { id: phones }
        supply:
          - { supplier: us, component: chip, value: 400 }
          - { supplier: kr, component: memory, value: 100 }
        bom:
          - { component: chip, end_use: phones, share: 1 }
          - { component: memory, end_use: phones, share: 1 }
        parameters:
          memory_stock: { dist: uniform, min: 0, max: 6 }
        policies:
          ban: { rules: [ { action: deny } ] }
          relax: { listed: false, decoupling: { dist: uniform, min: 0, max: 0.3 } }
        simulation: { sampler: monte-carlo }
        """;

    private static (ValidScenario Scenario, RunOptions Options) Load(int threads = 1)
    {
        var scenario = ScenarioLoader.LoadText(OneInput).Scenario!;
        return (scenario, RunOptions.From(scenario) with { Threads = threads, Trials = 2000 });
    }

    [Fact]
    public void Sobol_OutputOfOneInputOnly_GivesThatInputIndicesOfOneAndEveryOtherZero()
    {
        var (scenario, options) = Load();
        var (groups, problems) = SensitivityAnalysis.Groups(ModelCompiler.Compile(scenario, options), []);

        var result = SensitivityAnalysis.Sobol(scenario, options, 1024, groups, ["output.phones"], resamples: 200);

        Assert.Empty(problems);
        Assert.Equal(["memory_stock", "components.chip.substitution", "policies.relax.decoupling"], result.Inputs);
        var ban = result.Metrics.Single(m => m.Policy == "ban").Sobol!;
        var chip = ban.Groups[1];
        Assert.True(chip.FirstInterval.Contains(1) && chip.TotalInterval.Contains(1), $"S = {chip.First} {chip.FirstInterval}, ST = {chip.Total} {chip.TotalInterval}");
        Assert.All(new[] { ban.Groups[0], ban.Groups[2] }, g => Assert.Equal((0.0, 0.0), (g.First, g.Total))); // swapping them changes no trial
        Assert.Equal(1024 * (3 + 2), result.ModelTrials);
    }

    [Fact]
    public void Sobol_AnyThreadCount_GivesTheSameIndicesToTheBit()
    {
        var (scenario, one) = Load(threads: 1);
        var two = one with { Threads = 2 };
        var groups = SensitivityAnalysis.Groups(ModelCompiler.Compile(scenario, one), []).Groups;

        var a = SensitivityAnalysis.Sobol(scenario, one, 700, groups, ["output.phones", "us_revenue_lost"], resamples: 50);
        var b = SensitivityAnalysis.Sobol(scenario, two, 700, groups, ["output.phones", "us_revenue_lost"], resamples: 50);

        Assert.Equal(a.Metrics.Select(m => m.Sobol!.Groups.ToArray()), b.Metrics.Select(m => m.Sobol!.Groups.ToArray()));
    }

    [Fact]
    public void Rank_OutputOfOneInputOnly_HasRankCorrelationOneWithIt()
    {
        var (scenario, options) = Load();

        var result = SensitivityAnalysis.Rank(scenario, options, ["output.phones"]);

        var ban = result.Metrics.Single(m => m.Policy == "ban").Rank!;
        Assert.Equal(1, ban.Inputs[1].Rho, 12);
        // The others are independent of it: within 4 standard errors (1 / sqrt(n - 1)) of 0.
        Assert.All(new[] { ban.Inputs[0], ban.Inputs[2] }, i => Assert.InRange(i.Rho, -4 / Math.Sqrt(1999), 4 / Math.Sqrt(1999)));
    }

    [Fact]
    public void Groups_CustomGroupAndLicences_AreNamedAndCheckOtherwiseEveryInputIsAlone()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RunAccumulatorTests.Root(), "scenarios", "tutorial.yaml")).Scenario!;
        var model = ModelCompiler.Compile(scenario, RunOptions.From(scenario));

        var (groups, problems) = SensitivityAnalysis.Groups(model, [("demand and stock", ["phone_demand", "processor_stockpile"]), ("bad", ["phone_demand", "nonesuch"])]);

        Assert.Equal(2, problems.Count); // phone_demand taken twice, nonesuch unknown
        Assert.Equal("demand and stock", groups[0].Name);
        Assert.Contains(groups, g => g.Name == SensitivityAnalysis.Licences && g.Columns.Count == model.LicenceEdges.Length);
        // Every column once, but for inputs fixed to a constant (the tutorial's paid_leakage: 0.5), which move nothing.
        var constants = model.Sampler.Inputs.Count(i => i.Distribution is ConstantDistribution);
        Assert.Equal(1, constants);
        Assert.Equal(model.Sampler.Inputs.Count - constants + model.LicenceEdges.Length, groups.Sum(g => g.Columns.Count));
        Assert.Equal(groups.Sum(g => g.Columns.Count), groups.SelectMany(g => g.Columns).Distinct().Count());
    }

    // Phone output is the chip's substitution share s1 under ban (as above); s1 and the memory's s2 (which ban leaves alone)
    // are correlated normals, rho = 0.6, sd 0.05 around 0.5 (truncation at 10 sd changes nothing measurable). With output
    // = s1, linear in the normal X1: full index of s1 = 1, independent = 1 - rho^2 = 0.64; full index of s2 = rho^2 =
    // 0.36, independent = 0 (Mara, Tarantola and Saltelli 2015, for Y = b1 X1 + b2 X2 with b1 = 1, b2 = 0).
    private const string Correlated = """
        supplyshock: 1
        name: Correlated
        horizon: { periods: 4, period: quarter, start: 2019-07-01 }
        suppliers:
          - { id: us, country: US }
          - { id: kr, country: KR }
        components:
          - { id: chip, substitution: $s1 }
          - { id: memory, substitution: $s2 }
        end_uses:
          - { id: phones }
        supply:
          - { supplier: us, component: chip, value: 400 }
          - { supplier: kr, component: memory, value: 100 }
        bom:
          - { component: chip, end_use: phones, share: 1 }
          - { component: memory, end_use: phones, share: 1 }
        parameters:
          s1: { dist: normal, mean: 0.5, sd: 0.05, min: 0, max: 1 }
          s2: { dist: normal, mean: 0.5, sd: 0.05, min: 0, max: 1 }
        correlations:
          - [s1, s2, 0.6]
        policies:
          ban: { rules: [ { action: deny } ] }
        simulation: { sampler: monte-carlo }
        """;

    [Fact]
    public void Sobol_FullAndIndependent_OfTwoCorrelatedNormals_MatchTheirClosedForms()
    {
        var scenario = ScenarioLoader.LoadText(Correlated).Scenario!;
        var options = RunOptions.From(scenario) with { Threads = 1 };
        var groups = SensitivityAnalysis.Groups(ModelCompiler.Compile(scenario, options), []).Groups;

        var result = SensitivityAnalysis.Sobol(scenario, options, 4096, groups, ["output.phones"], resamples: 200, fullIndependent: true);

        var ban = result.Metrics.Single().Sobol!;
        var named = result.Inputs.Select((name, i) => (name, i)).ToDictionary(x => x.name, x => ban.Groups[x.i]);
        Assert.Equal(["correlated: s1 + s2", "s1 (full)", "s1 (independent)", "s2 (full)", "s2 (independent)"], result.Inputs);
        // Within 0.03 of the closed form (bootstrap se here is about 0.01), first-order and total alike (no interactions).
        foreach (var (name, expected) in new[] { ("s1 (full)", 1.0), ("s1 (independent)", 0.64), ("s2 (full)", 0.36), ("s2 (independent)", 0.0) })
        {
            Assert.InRange(named[name].First, expected - 0.03, expected + 0.03);
            Assert.InRange(named[name].Total, expected - 0.03, expected + 0.03);
        }
        Assert.InRange(named["correlated: s1 + s2"].Total, 0.97, 1.03); // the block explains everything
    }

    [Fact]
    public void Design_RowsOfA_DrawExactlyTheTrialsOfAnOrdinaryMonteCarloRun()
    {
        var scenario = ScenarioLoader.Load(Path.Combine(RunAccumulatorTests.Root(), "scenarios", "tutorial.yaml")).Scenario!;
        var ordinary = ModelCompiler.Compile(scenario, RunOptions.From(scenario) with { Sampler = Sampler.MonteCarlo, Trials = 100 });
        var columns = ordinary.Sampler.Inputs.Count + ordinary.LicenceEdges.Length;
        var design = new SobolDesign(100, columns, SensitivityAnalysis.Groups(ordinary, []).Groups.Select(g => g.Columns).ToArray());
        var designed = ModelCompiler.Compile(scenario, RunOptions.From(scenario) with { Sampler = Sampler.MonteCarlo, Trials = (int)design.Trials, Design = design });
        var (a, b, scratch) = (new double[ordinary.Sampler.Inputs.Count], new double[ordinary.Sampler.Inputs.Count], new double[ordinary.Sampler.CorrelatedCount]);

        for (var row = 0; row < 100; row++)
        {
            ordinary.Sampler.Draw(row, a, scratch);
            designed.Sampler.Draw(design.Trial(row, SobolDesign.BlockA), b, scratch);
            Assert.Equal(a, b); // f(A) is the ordinary run: same inputs, to the bit
            for (var i = 0; i < ordinary.LicenceEdges.Length; i++)
            {
                Assert.Equal(ordinary.LicenceUniform(i, row), designed.LicenceUniform(i, design.Trial(row, SobolDesign.BlockA)));
            }
            designed.Sampler.Draw(design.Trial(row, SobolDesign.BlockB), b, scratch);
            Assert.NotEqual(a, b); // B is drawn afresh
        }
    }
}
