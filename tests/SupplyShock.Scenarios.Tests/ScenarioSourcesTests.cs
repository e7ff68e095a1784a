using System.Text.RegularExpressions;

namespace SupplyShock.Scenarios.Tests;

/// <summary>The reference scenario's comments lead to its shipped sources file (issue 8).</summary>
public sealed class ScenarioSourcesTests
{
    private static string Scenario => Path.Combine(RepositoryPaths.Scenarios, "huawei-2019.yaml");

    private static string Sources => Path.Combine(RepositoryPaths.Scenarios, "huawei-2019.sources.md");

    [Fact]
    public void Huawei_NamesItsSourcesFileBesideIt()
    {
        Assert.True(File.Exists(Sources), $"{Sources} is missing");
        Assert.Contains("huawei-2019.sources.md", File.ReadAllText(Scenario));
    }

    [Fact]
    public void Huawei_EverySectionItsCommentsCite_IsASectionOfTheSourcesFile()
    {
        // A citation may wrap onto the next comment line ("(sources\n  # e.10)"), so the comments are read as one text.
        var comments = Regex.Replace(File.ReadAllText(Scenario), @"\r?\n\s*#", " ");
        var cited = Regex.Matches(comments, @"\bsources\s+(?:section\s+)?\(?([0a-e](?:\.\d+)?)\)?(?![\w.])")
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .Order()
            .ToList();
        var sources = File.ReadAllText(Sources);
        var sections = Regex.Matches(sources, @"(?m)^(?:#+ |- \*\*)\(([0a-e](?:\.\d+)?)\)")
            .Select(m => m.Groups[1].Value)
            .ToHashSet();

        Assert.NotEmpty(cited);
        Assert.Empty(cited.Where(key => !sections.Contains(key)).Select(key => $"huawei-2019.yaml cites 'sources {key}', which huawei-2019.sources.md has no section for"));
    }
}
