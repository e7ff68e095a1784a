namespace SupplyShock.Benchmarks;

using BenchmarkDotNet.Running;
using SupplyShock.Scenarios;

public static class Program
{
    /// <summary>
    /// <c>dotnet run -c Release -- [BenchmarkDotNet arguments]</c> runs the benchmarks;
    /// <c>dotnet run -c Release -- write-synthetic DIR SUPPLIERS COMPONENTS EDGES</c> writes a synthetic scenario to time by hand;
    /// <c>dotnet run -c Release -- rates [pairs]</c> measures compare's false-alarm and detection rates;
    /// <c>dotnet run -c Release -- paired-rates [seeds]</c> measures them for same-seed comparisons with per-trial files;
    /// <c>dotnet run -c Release -- sampler-rmse SCENARIO [seeds] [reference]</c> measures the samplers' errors (issue 10).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args is ["write-synthetic", var dir, var suppliers, var components, var edges])
        {
            var path = SyntheticScenario.Write(dir, new SyntheticScenario.Size(int.Parse(suppliers), int.Parse(components), int.Parse(edges)), seed: 1);
            Console.WriteLine(path);
            return;
        }
        if (args is ["paired-rates", ..])
        {
            CompareRates.RunPaired(args.Length > 1 ? int.Parse(args[1]) : 100);
            return;
        }
        if (args is ["sampler-rmse", var scenario, ..])
        {
            SamplerRmse.Run(scenario, args.Length > 2 ? int.Parse(args[2]) : 50, args.Length > 3 ? int.Parse(args[3]) : 10_000_000);
            return;
        }
        if (args is ["rates", ..] )
        {
            CompareRates.Run(args.Length > 1 ? int.Parse(args[1]) : 300);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
