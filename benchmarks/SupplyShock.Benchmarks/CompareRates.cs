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

    /// <summary>
    /// Issue 8: the paired test at 20,000 trials, over <paramref name="seeds"/> seeds. (1) The tutorial's constant
    /// 'case by case' approval 0.2 -> 0.18, both runs at the same seed: how often compare flags it. (2) The unchanged
    /// tutorial at the same seed, run again on one thread (the same run: exact) and with only a comment edited (another
    /// sha256, so paired): how often every entry is "identical". (3) The unchanged tutorial at another seed (not paired):
    /// how often compare raises a false alarm. <c>dotnet run -c Release --project benchmarks/SupplyShock.Benchmarks -- paired-rates [seeds]</c>.
    /// </summary>
    public static void RunPaired(int seeds)
    {
        const int trials = 20_000;
        var tutorial = Path.Combine(Repository.Root, "scenarios", "tutorial.yaml");
        var text = File.ReadAllText(tutorial);
        const string constant = "        approval: 0.2                  # a constant";
        if (!text.Contains(constant, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("the tutorial changed: update the candidate's edit");
        }
        var baseline = Load(text, tutorial);
        var edited = Load(text.Replace(constant, "        approval: 0.18                 # a constant"), tutorial);
        var commented = Load(text + "\n# a comment: the same model\n", tutorial);
        var options = new CompareOptions();

        (ResultsFile Results, TrialsFile Trials) Results(ValidScenario s, long seed, int threads)
        {
            var run = RunOptions.From(s) with { Trials = trials, Seed = seed, Threads = threads };
            using var perTrial = new MemoryStream();
            var writer = new TrialsWriter(perTrial, s, run, TrialsContent.Baseline(long.MaxValue) with { Compression = System.IO.Compression.CompressionLevel.Fastest });
            var results = SimulationRunner.Run(s, run, observer: writer);
            writer.Complete(trials);
            perTrial.Position = 0;
            return (Read(results), TrialsFile.Read(perTrial, "trials").File!);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        int flagged = 0, paired = 0, exact = 0, pairedIdentical = 0, falseAlarms = 0;
        var smallest = double.PositiveInfinity;
        for (var seed = 1L; seed <= seeds; seed++)
        {
            var (b, bt) = Results(baseline, seed, Environment.ProcessorCount);
            var (e, et) = Results(edited, seed, Environment.ProcessorCount);
            var edit = ResultsComparer.Compare(b, e, options, bt, et);
            paired += edit.Pairing.Used ? 1 : 0;
            flagged += edit.Drifted ? 1 : 0;
            var z = edit.Rows.Where(r => r.Group == "partial" && r.Metric == "us_revenue_lost").Select(r => r.Test).Single();
            if (z.StartsWith("paired z = ", StringComparison.Ordinal))
            {
                smallest = Math.Min(smallest, Math.Abs(double.Parse(z.Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture)));
            }

            var (again, againTrials) = Results(baseline, seed, 1);
            var rerun = ResultsComparer.Compare(b, again, options, bt, againTrials);
            exact += rerun.SameRun && rerun.Rows.All(r => r.Test == "identical") ? 1 : 0;
            var (c, ct) = Results(commented, seed, Environment.ProcessorCount);
            var comment = ResultsComparer.Compare(b, c, options, bt, ct);
            pairedIdentical += comment.Pairing.Used && !comment.Drifted
                && comment.Rows.Where(r => r.Test.Contains("paired", StringComparison.Ordinal)).All(r => r.Test.StartsWith("identical", StringComparison.Ordinal)) ? 1 : 0;

            var (o, ot) = Results(baseline, 10_000 + seed, Environment.ProcessorCount);
            var other = ResultsComparer.Compare(b, o, options, bt, ot);
            if (other.Drifted)
            {
                falseAlarms++;
                Console.WriteLine($"  false alarm at seeds {seed} and {10_000 + seed}: " + string.Join("; ", other.Rows.Where(r => r.Verdict == Verdict.Drift).Take(3).Select(r => $"{r.Group} {r.Metric} {r.Test}")));
            }
            Console.Error.WriteLine($"{seed} of {seeds} seeds, {clock.Elapsed.TotalMinutes:F1} min: flagged {flagged}, identical {exact} and {pairedIdentical}, false alarms {falseAlarms}");
        }
        Console.WriteLine($"approval 0.2 -> 0.18, same seed: {flagged} of {seeds} flagged ({paired} paired; smallest |paired z| of partial us_revenue_lost {smallest:F1}; {trials:N0} trials, sigma {options.Sigma})");
        Console.WriteLine($"unchanged, same seed: {exact} of {seeds} identical (exact, same run); comment edited: {pairedIdentical} of {seeds} identical in every trial (paired)");
        Console.WriteLine($"unchanged, another seed: {falseAlarms} false alarms in {seeds} (not paired)");
        Console.WriteLine($"took {clock.Elapsed.TotalMinutes:F1} min");
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
