namespace SupplyShock.Scenarios.Tests;

/// <summary>Where the repository's shipped scenarios and the test fixtures are.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scenarios => Path.Combine(Root, "scenarios");

    public static string InvalidFixtures => Path.Combine(AppContext.BaseDirectory, "Fixtures", "invalid");

    private static string FindRoot()
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
