namespace SupplyShock.Scenarios.Tests;

/// <summary>
/// One fixture per class of mistake: Fixtures/invalid/NAME.yaml (with any CSV tables it names), and beside it
/// NAME.expected holding the exact diagnostics, one per line, with paths relative to the fixtures folder.
/// </summary>
public sealed class InvalidFixtureTests
{
    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.InvalidFixtures, "*.expected").Order())
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Load_InvalidFixture_ReportsExactlyTheExpectedDiagnostics(string name)
    {
        var folder = RepositoryPaths.InvalidFixtures;
        var expected = File.ReadAllLines(Path.Combine(folder, name + ".expected")).Where(l => l.Length > 0).ToArray();
        var scenario = Directory.EnumerateFiles(folder, name + ".*").Single(f => !f.EndsWith(".expected", StringComparison.Ordinal));

        var result = ScenarioLoader.Load(scenario);

        var actual = result.Diagnostics.Select(d => d.ToString().Replace(folder + Path.DirectorySeparatorChar, "")).ToArray();
        Assert.Equal(expected, actual);
        if (expected.Any(l => l.Contains(": error: ", StringComparison.Ordinal)))
        {
            Assert.False(result.Succeeded);
        }
    }

    [Fact]
    public void Fixtures_CoverEveryClassOfMistake_AtLeastTwentyFive()
    {
        Assert.True(Fixtures().Count >= 25, "every class of mistake of FORMAT.md and issue 2 has its own fixture");
    }
}
