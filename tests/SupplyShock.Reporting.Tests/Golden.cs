namespace SupplyShock.Reporting.Tests;

/// <summary>
/// Golden files under tests/SupplyShock.Reporting.Tests/Golden, compared byte for byte. To accept a deliberate change
/// (a new key in results.json, another rounding), run the tests once with SUPPLYSHOCK_UPDATE_GOLDEN=1: each golden
/// test rewrites its file and fails, saying so; the next run without the variable passes. Review the diff before
/// committing it.
/// </summary>
internal static class Golden
{
    public const string UpdateVariable = "SUPPLYSHOCK_UPDATE_GOLDEN";

    public static string Folder { get; } = Path.Combine(FindRoot(), "tests", "SupplyShock.Reporting.Tests", "Golden");

    public static void Match(string name, byte[] actual)
    {
        var path = Path.Combine(Folder, name);
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            File.WriteAllBytes(path, actual);
            Assert.Fail($"{UpdateVariable}=1: rewrote {path}; run the tests again without it.");
        }
        if (!File.Exists(path))
        {
            Assert.Fail($"{path}: no golden file; write it with {UpdateVariable}=1 dotnet test tests/SupplyShock.Reporting.Tests");
        }
        var expected = File.ReadAllBytes(path);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            Assert.Fail($"{path}: {FirstDifference(expected, actual)}. If the change is meant, regenerate with {UpdateVariable}=1 dotnet test tests/SupplyShock.Reporting.Tests");
        }
    }

    /// <summary>"line 12 differs: expected ..., got ..." (or which side is shorter).</summary>
    public static string FirstDifference(byte[] expected, byte[] actual)
    {
        var want = System.Text.Encoding.UTF8.GetString(expected).Split('\n');
        var got = System.Text.Encoding.UTF8.GetString(actual).Split('\n');
        for (var i = 0; i < Math.Min(want.Length, got.Length); i++)
        {
            if (want[i] != got[i])
            {
                return $"line {i + 1} differs:\n  expected: {want[i]}\n  got:      {got[i]}";
            }
        }
        if (want.Length == got.Length)
        {
            return "the bytes differ, the lines do not (line endings or encoding)";
        }
        var n = Math.Min(want.Length, got.Length);
        var (side, line) = want.Length > got.Length ? ("expected", want[n]) : ("got", got[n]);
        return $"expected {want.Length} lines, got {got.Length}; line {n + 1} is only in what was {side}: {line}";
    }

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupplyShock.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SupplyShock.sln not found above " + AppContext.BaseDirectory);
    }
}
