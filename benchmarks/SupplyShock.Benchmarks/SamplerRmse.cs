namespace SupplyShock.Benchmarks;

using System.Diagnostics;
using System.Globalization;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Scenarios;

/// <summary>
/// Issue 10: the root mean square error of mean lost US revenue, every policy, at 2^12, 2^14 and 2^16 trials, over
/// <c>seeds</c> seeds (1..seeds), for monte-carlo, latin-hypercube and sobol (8 replicates), against one Monte Carlo run
/// of <c>reference</c> trials at seed 0 (whose own standard error is printed: its error is a floor under every RMSE). The
/// standard deviation of the estimates over the seeds is printed beside it: for an unbiased sampler it is the RMSE
/// against the exact value, without the reference's error.
/// <c>dotnet run -c Release --project benchmarks/SupplyShock.Benchmarks -- sampler-rmse SCENARIO [seeds] [reference]</c>.
/// </summary>
public static class SamplerRmse
{
    private static readonly int[] Sizes = [1 << 12, 1 << 14, 1 << 16];

    private static readonly Sampler[] Samplers = [Sampler.MonteCarlo, Sampler.LatinHypercube, Sampler.Sobol];

    private static double Sd(List<double> x)
    {
        var mean = x.Average();
        return x.Count > 1 ? Math.Sqrt(x.Sum(v => (v - mean) * (v - mean)) / (x.Count - 1)) : double.NaN;
    }

    public static void Run(string scenarioName, int seeds, int reference)
    {
        var path = Path.Combine(Repository.Root, "scenarios", scenarioName + ".yaml");
        var scenario = ScenarioLoader.LoadText(File.ReadAllText(path), path).Scenario ?? throw new InvalidOperationException("invalid scenario");
        var clock = Stopwatch.StartNew();
        var truth = SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = reference, Seed = 0, Sampler = Sampler.MonteCarlo });
        var policies = truth.Policies.Select(p => p.Name).ToArray();
        var exact = truth.Policies.Select(p => p.Metrics["us_revenue_lost"]).ToArray();
        Console.WriteLine($"{scenarioName}: reference {reference:N0} Monte Carlo trials, seed 0, in {clock.Elapsed.TotalSeconds:F0} s");
        foreach (var (name, m) in policies.Zip(exact))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: mean {m.Mean:F4}, se {m.Se:F4}"));
        }

        // squared[sampler, size, policy]: the sum over seeds of (mean - reference)^2.
        var squared = new double[Samplers.Length, Sizes.Length, policies.Length];
        var estimates = new List<double>[Samplers.Length, Sizes.Length, policies.Length];
        foreach (var index in Enumerable.Range(0, estimates.Length))
        {
            estimates[index / (Sizes.Length * policies.Length), index / policies.Length % Sizes.Length, index % policies.Length] = [];
        }
        for (var seed = 1; seed <= seeds; seed++)
        {
            for (var s = 0; s < Samplers.Length; s++)
            {
                for (var n = 0; n < Sizes.Length; n++)
                {
                    var run = SimulationRunner.Run(scenario, RunOptions.From(scenario) with { Trials = Sizes[n], Seed = seed, Sampler = Samplers[s] });
                    for (var p = 0; p < policies.Length; p++)
                    {
                        var estimate = run.Policies[p].Metrics["us_revenue_lost"].Mean;
                        estimates[s, n, p].Add(estimate);
                        var error = estimate - exact[p].Mean;
                        squared[s, n, p] += error * error;
                    }
                }
            }
            if (seed % 10 == 0 || seed == seeds)
            {
                Console.WriteLine($"  {seed} seeds done, {clock.Elapsed.TotalSeconds:F0} s");
            }
        }

        Console.WriteLine($"RMSE of mean us_revenue_lost over {seeds} seeds ({scenario.Unit} {scenario.Currency}); the ratio is monte-carlo's RMSE over sobol's");
        Console.WriteLine("| policy | trials | monte-carlo | latin-hypercube | sobol | mc / sobol | sd over seeds: mc, lhs, sobol |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---|");
        for (var p = 0; p < policies.Length; p++)
        {
            for (var n = 0; n < Sizes.Length; n++)
            {
                var rmse = Enumerable.Range(0, Samplers.Length).Select(s => Math.Sqrt(squared[s, n, p] / seeds)).ToArray();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {policies[p]} | 2^{Math.Log2(Sizes[n]):F0} | {rmse[0]:G3} | {rmse[1]:G3} | {rmse[2]:G3} | {rmse[0] / rmse[2]:F1} | {Sd(estimates[0, n, p]):G3}, {Sd(estimates[1, n, p]):G3}, {Sd(estimates[2, n, p]):G3} |"));
            }
        }
    }
}
