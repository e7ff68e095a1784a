namespace SupplyShock.Benchmarks;

using BenchmarkDotNet.Running;
using SupplyShock.Scenarios;

public static class Program
{
    /// <summary>
    /// <c>dotnet run -c Release -- [BenchmarkDotNet arguments]</c> runs the benchmarks;
    /// <c>dotnet run -c Release -- write-synthetic DIR SUPPLIERS COMPONENTS EDGES</c> writes a synthetic scenario to time by hand.
    /// </summary>
    public static void Main(string[] args)
    {
        if (args is ["write-synthetic", var dir, var suppliers, var components, var edges])
        {
            var path = SyntheticScenario.Write(dir, new SyntheticScenario.Size(int.Parse(suppliers), int.Parse(components), int.Parse(edges)), seed: 1);
            Console.WriteLine(path);
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
