namespace SupplyShock.Benchmarks;

using BenchmarkDotNet.Attributes;
using SupplyShock.Core.Validation;
using SupplyShock.Scenarios;

/// <summary>Issue 2: reading and validating 10,000 suppliers and 50,000 supply edges in CSV must take under 2 s.</summary>
[MemoryDiagnoser]
public class ReadValidateBenchmarks
{
    private string directory = "";
    private string large = "";
    private string huawei = "";

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("supplyshock-bench-").FullName;
        large = SyntheticScenario.Write(directory, new SyntheticScenario.Size(10_000, 2_000, 50_000), seed: 1);
        huawei = Path.Combine(Repository.Root, "scenarios", "huawei-2019.yaml");
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    [Benchmark]
    public ValidationResult LargeCsvNetwork() => Check(ScenarioLoader.Load(large));

    [Benchmark]
    public ValidationResult Huawei2019() => Check(ScenarioLoader.Load(huawei));

    private static ValidationResult Check(ValidationResult result) =>
        result.Succeeded ? result : throw new InvalidOperationException(string.Join("\n", result.Diagnostics.Take(5)));
}
