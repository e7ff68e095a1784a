namespace SupplyShock.Scenarios;

using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Validation;

/// <summary>Reads and validates a scenario file: the usual way in for commands and tests.</summary>
public static class ScenarioLoader
{
    public static ValidationResult Load(string path) => Validate(ScenarioReader.Read(path), []);

    /// <summary>Reads and validates a scenario with <c>--set NAME=VALUE</c> arguments in place of the file's values.</summary>
    public static ValidationResult Load(string path, IReadOnlyList<string> sets) => Validate(ScenarioReader.Read(path), sets);

    /// <summary>Reads and validates scenario text as if it were the file <paramref name="path"/>.</summary>
    public static ValidationResult LoadText(string text, string path = "scenario.yaml", IReadOnlyList<string>? sets = null) =>
        Validate(ScenarioReader.ReadText(text, path), sets ?? []);

    private static ValidationResult Validate(ReadResult read, IReadOnlyList<string> sets)
    {
        var (overrides, problems) = OverrideParser.Parse(sets);
        if (read.Document is null || problems.Any(d => d.Severity == Severity.Error))
        {
            return new ValidationResult(null, [.. read.Diagnostics, .. problems]);
        }
        return ScenarioValidator.Validate(read.Document, [.. read.Diagnostics, .. problems], overrides);
    }
}
