namespace SupplyShock.Benchmarks;

using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Reporting;
using SupplyShock.Scenarios;

/// <summary>
/// Issue 4: measures compare's false-alarm rate (the tutorial against itself at another seed, every metric) and its
/// detection rate (a real 2% shift of mean lost US revenue under one policy), at 100,000 trials and the defaults.
/// <c>dotnet run -c Release --project benchmarks/SupplyShock.Benchmarks -- rates [pairs]</c>.
/// </summary>
public static class CompareRates
{
    public static void Run(int pairs)
    {
        const int trials = 100_000;
        var tutorial = Path.Combine(Repository.Root, "scenarios", "tutorial.yaml");
        var baseline = Load(File.ReadAllText(tutorial), tutorial);
        // The candidate: the 'case by case' licence of policy `partial` approved 1 time in 10 instead of 2.
        var changedText = File.ReadAllText(tutorial).Replace("        approval: 0.2                  # a constant", "        approval: 0.1                  # a constant");
        if (changedText == File.ReadAllText(tutorial))
        {
            throw new InvalidOperationException("the tutorial changed: update the candidate's edit");
        }
        var candidate = Load(changedText, tutorial);

        // The true shift, from one large run of each.
        var big = RunOptions.From(baseline) with { Trials = 2_000_000 };
        var before = SimulationRunner.Run(baseline, big).Policy("partial").Metrics["us_revenue_lost"];
        var after = SimulationRunner.Run(candidate, big).Policy("partial").Metrics["us_revenue_lost"];
        Console.WriteLine($"shift of mean lost US revenue under partial: {before.Mean:F2} -> {after.Mean:F2} = {100 * (after.Mean - before.Mean) / before.Mean:F2}% (2,000,000 trials each)");

        var options = new CompareOptions();
        ResultsFile Results(ValidScenario s, long seed) => Read(SimulationRunner.Run(s, RunOptions.From(s) with { Trials = trials, Seed = seed }));

        var falseAlarms = 0;
        var rows = 0;
        var previous = Results(baseline, 1);
        for (var i = 1; i <= pairs; i++)
        {
            var next = Results(baseline, 1 + i);
            var comparison = ResultsComparer.Compare(previous, next, options);
            rows = comparison.Rows.Count;
            if (comparison.Drifted)
            {
                falseAlarms++;
                Console.WriteLine($"  false alarm at seeds {i} and {i + 1}: " + string.Join("; ", comparison.Rows.Where(r => r.Verdict != Verdict.Same).Take(3).Select(r => $"{r.Group} {r.Metric} {r.Test}")));
            }
            previous = next;
        }
        Console.WriteLine($"false alarms: {falseAlarms} of {pairs} comparisons of the tutorial with itself at another seed ({rows} tests each, {trials:N0} trials, sigma {options.Sigma})");

        var caught = 0;
        var detections = Math.Min(pairs, 100);
        for (var i = 0; i < detections; i++)
        {
            var comparison = ResultsComparer.Compare(Results(baseline, 1_000 + i), Results(candidate, 2_000 + i), options);
            if (comparison.Rows.Any(r => r.Group == "partial" && r.Metric == "us_revenue_lost" && r.Verdict == Verdict.Drift))
            {
                caught++;
            }
        }
        Console.WriteLine($"detected: {caught} of {detections} comparisons with the shifted candidate flagged partial us_revenue_lost (independent seeds)");
    }

    private static ValidScenario Load(string text, string path) =>
        ScenarioLoader.LoadText(text, path).Scenario ?? throw new InvalidOperationException("invalid scenario");

    private static ResultsFile Read(RunResults results)
    {
        using var buffer = new MemoryStream();
        ResultsJson.Write(buffer, results);
        return ResultsReader.Parse(buffer.ToArray(), "run").File!;
    }
}
