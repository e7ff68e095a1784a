namespace SupplyShock.Scenarios;

using SupplyShock.Core.Validation;

/// <summary>Reads and validates a scenario file: the usual way in for commands and tests.</summary>
public static class ScenarioLoader
{
    public static ValidationResult Load(string path) => Validate(ScenarioReader.Read(path));

    /// <summary>Reads and validates scenario text as if it were the file <paramref name="path"/>.</summary>
    public static ValidationResult LoadText(string text, string path = "scenario.yaml") => Validate(ScenarioReader.ReadText(text, path));

    private static ValidationResult Validate(ReadResult read)
    {
        return read.Document is null
            ? new ValidationResult(null, read.Diagnostics)
            : ScenarioValidator.Validate(read.Document, read.Diagnostics);
    }
}
