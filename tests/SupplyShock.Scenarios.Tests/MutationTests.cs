namespace SupplyShock.Scenarios.Tests;

using System.Text.RegularExpressions;
using SupplyShock.Core.Diagnostics;

/// <summary>
/// Property: whatever a hurried edit does to a valid file, the reader never crashes, and answers with success or
/// with at least one error, each pointing at a line that exists.
/// </summary>
public sealed partial class MutationTests : IDisposable
{
    private const int MutationsPerFile = 250;
    private readonly string workDir = Directory.CreateTempSubdirectory("supplyshock-mutations-").FullName;

    public void Dispose() => Directory.Delete(workDir, recursive: true);

    [GeneratedRegex(@"-?\b\d+(\.\d+)?\b")]
    private static partial Regex NumberPattern();

    private static readonly string[] Mutations =
        ["delete line", "duplicate line", "number to text", "truncate", "tab indent", "swap lines", "random byte", "drop character", "NUL byte", "dedent"];

    [Theory]
    [InlineData("tutorial.yaml")]
    [InlineData("huawei-2019.yaml")]
    [InlineData("tutorial-csv/tutorial.yaml")]
    [InlineData("tutorial-csv/data/supply.csv")]
    [InlineData("tutorial-csv/data/components.csv")]
    public void Load_RandomlyMutatedShippedFile_NeverCrashesAndAlwaysAnswers(string relative)
    {
        var source = Path.Combine(RepositoryPaths.Scenarios, relative);
        if (!File.Exists(source))
        {
            Assert.Fail($"shipped file {relative} is missing");
        }
        // Work on a copy of the scenario's folder so CSV tables resolve as shipped.
        var scenarioDir = relative.StartsWith("tutorial-csv/", StringComparison.Ordinal)
            ? Path.Combine(RepositoryPaths.Scenarios, "tutorial-csv")
            : RepositoryPaths.Scenarios;
        var copy = Path.Combine(workDir, Guid.NewGuid().ToString("N"));
        CopyDirectory(scenarioDir, copy);
        var target = Path.Combine(copy, Path.GetRelativePath(scenarioDir, source));
        var scenario = relative.EndsWith(".csv", StringComparison.Ordinal) ? Path.Combine(copy, "tutorial.yaml") : target;
        var original = File.ReadAllBytes(source);
        var random = new Random(20190516 + relative.Length);

        for (var i = 0; i < MutationsPerFile; i++)
        {
            var kind = Mutations[random.Next(Mutations.Length)];
            var mutated = Mutate(original, kind, random);
            File.WriteAllBytes(target, mutated);

            var result = ScenarioLoader.Load(scenario);

            var context = $"{relative}, mutation {i} ({kind})";
            Assert.True(result.Succeeded || result.Errors.Any(), $"{context}: neither valid nor any error");
            Assert.Equal(result.Succeeded, !result.Errors.Any());
            foreach (var d in result.Diagnostics)
            {
                Assert.True(d.Location.Line >= 1 && d.Location.Column >= 1, $"{context}: {d}");
                Assert.True(d.Location.Line <= LineCount(d.Location.Path) + 1, $"{context}: line beyond the file: {d}");
                Assert.DoesNotContain("Exception", d.Message, StringComparison.Ordinal);
            }
        }
        File.WriteAllBytes(target, original);
        Assert.True(ScenarioLoader.Load(scenario).Succeeded);
    }

    private static int LineCount(string path) => File.Exists(path) ? File.ReadAllText(path).Split('\n').Length : int.MaxValue;

    private static byte[] Mutate(byte[] original, string kind, Random random)
    {
        var text = System.Text.Encoding.UTF8.GetString(original);
        var lines = text.Split('\n').ToList();
        var n = random.Next(lines.Count);
        switch (kind)
        {
            case "delete line":
                lines.RemoveAt(n);
                break;
            case "duplicate line":
                lines.Insert(n, lines[n]);
                break;
            case "number to text":
                var matches = NumberPattern().Matches(text);
                if (matches.Count > 0)
                {
                    var m = matches[random.Next(matches.Count)];
                    text = text[..m.Index] + "abc" + text[(m.Index + m.Length)..];
                }
                return System.Text.Encoding.UTF8.GetBytes(text);
            case "truncate":
                return original[..random.Next(original.Length)];
            case "tab indent":
                lines[n] = "\t" + lines[n].TrimStart();
                break;
            case "swap lines":
                var k = random.Next(lines.Count);
                (lines[n], lines[k]) = (lines[k], lines[n]);
                break;
            case "random byte":
                var bytes = (byte[])original.Clone();
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            case "drop character":
                if (text.Length > 0)
                {
                    var at = random.Next(text.Length);
                    text = text.Remove(at, 1);
                }
                return System.Text.Encoding.UTF8.GetBytes(text);
            case "NUL byte":
                var withNul = original.ToList();
                withNul.Insert(random.Next(withNul.Count), 0);
                return withNul.ToArray();
            case "dedent":
                lines[n] = lines[n].TrimStart();
                break;
        }
        return System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
