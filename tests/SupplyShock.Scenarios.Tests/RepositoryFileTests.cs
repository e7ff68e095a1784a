using System.Diagnostics;
using System.Text.RegularExpressions;

namespace SupplyShock.Scenarios.Tests;

/// <summary>
/// The repository names only what a fresh clone has (issue 8: a scenario once cited its sources by a path on
/// one machine, so nobody else could check a figure).
/// </summary>
/// <remarks>
/// The rule, applied to every git-tracked text file (a file with a NUL byte in its first 8,000 bytes is binary
/// and skipped, as git itself decides):
/// <list type="bullet">
/// <item>No absolute path into a user's or this machine's folders: <c>/work</c>, <c>/home</c>, <c>/root</c>,
/// <c>/tmp</c>, <c>/Users</c>, <c>/mnt</c>, <c>/media</c>, or any Windows drive (<c>C:\</c>, <c>D:/</c>).
/// A path only counts at the start of a token, so URLs (<c>https://host/home/x</c>) do not.</item>
/// <item>System locations that every machine of the kind has stay allowed: <c>/usr/bin/env</c> in a shebang,
/// <c>/usr/bin/time</c>, <c>/dev/null</c>, <c>/dev/zero</c>, <c>/usr/share/...</c>, <c>/etc/...</c>, <c>/opt/...</c>,
/// and <c>~/</c>, which means the reader's own home.</item>
/// <item>A relative path that climbs (<c>../x</c>, <c>..\x</c>) is resolved from the file's own folder and must
/// name a file or folder inside the repository; <c>../shared/data/x.md</c> written in <c>scenarios/</c> names
/// nothing here, so it counts as outside.</item>
/// </list>
/// This file, whose examples spell such paths out, is the one file not read.
/// The file list comes from <c>git ls-files</c>: without git the test fails rather than skips, since CI runs on a
/// clean clone that has it.
/// </remarks>
public sealed class RepositoryFileTests
{
    private const string ThisFile = "tests/SupplyShock.Scenarios.Tests/RepositoryFileTests.cs";

    private static readonly Regex MachinePath = new(
        @"(?<![\w.~$%-])(?:/(?:work|home|root|tmp|Users|mnt|media)(?![\w.-])|[A-Za-z]:[\\/](?![\\/]))",
        RegexOptions.Compiled);

    private static readonly Regex ClimbingPath = new(@"(?<![\w.])(?:\.\.[\\/])+[\w.-]*(?:[\\/][\w.-]+)*", RegexOptions.Compiled);

    [Fact]
    public void TrackedFiles_NameNoPathOutsideTheRepository()
    {
        var offenders = new List<string>();
        foreach (var file in TrackedTextFiles().Where(f => f != ThisFile))
        {
            var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, file));
            for (var i = 0; i < lines.Length; i++)
            {
                offenders.AddRange(MachinePath.Matches(lines[i]).Select(m => $"{file}:{i + 1}: absolute path '{Excerpt(lines[i], m.Index)}'"));
                offenders.AddRange(ClimbingPath.Matches(lines[i])
                    .Where(m => !NamesSomethingInTheRepository(file, m.Value))
                    .Select(m => $"{file}:{i + 1}: '{m.Value}' names nothing inside the repository"));
            }
        }

        Assert.True(offenders.Count == 0,
            "Tracked files refer to paths outside the repository; ship the file in the repository and refer to it by a relative path:\n"
            + string.Join("\n", offenders));
    }

    [Theory]
    [InlineData("see /work/shared/data/x.md", true)]
    [InlineData("cd /home/ana/supplyshock", true)]
    [InlineData("--out /tmp/run", true)]
    [InlineData("\"/root\"", true)]
    [InlineData(@"C:\Users\ana\x.yaml", true)]
    [InlineData("D:/data/x.csv", true)]
    [InlineData("#!/usr/bin/env bash", false)]
    [InlineData("/usr/bin/time -v ./supplyshock run", false)]
    [InlineData("a device such as /dev/zero", false)]
    [InlineData("https://example.org/home/tmp/x", false)]
    [InlineData("file:///usr/share/x", false)]
    [InlineData("`~/.dotnet/tools` on your PATH", false)]
    [InlineData("/opt/nuget/packages", false)]
    [InlineData("a ratio 3:1 or key:/value", false)]
    public void MachinePath_FlagsUserAndMachineFoldersOnly(string line, bool flagged)
    {
        Assert.Equal(flagged, MachinePath.IsMatch(line));
    }

    [Theory]
    [InlineData("scenarios/huawei-2019.yaml", "../shared/data/huawei-2019-sources.md", false)]
    [InlineData("scenarios/tutorial-csv/tutorial.yaml", "../tutorial.yaml", true)]
    [InlineData(@"src/SupplyShock.Cli/SupplyShock.Cli.csproj", @"..\SupplyShock.Core\SupplyShock.Core.csproj", true)]
    [InlineData("README.md", "../README.md", false)]
    public void ClimbingPath_MustNameSomethingInTheRepository(string file, string path, bool inside)
    {
        Assert.Equal(inside, NamesSomethingInTheRepository(file, path));
    }

    private static bool NamesSomethingInTheRepository(string file, string relative)
    {
        var root = Path.GetFullPath(RepositoryPaths.Root);
        var folder = Path.GetDirectoryName(Path.Combine(root, file))!;
        var target = Path.GetFullPath(Path.Combine(folder, relative.TrimEnd('.').Replace('\\', '/')));
        var inside = target.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
        return inside && (File.Exists(target) || Directory.Exists(target));
    }

    private static string Excerpt(string line, int at) => line[at..Math.Min(line.Length, at + 60)].Trim();

    private static IEnumerable<string> TrackedTextFiles()
    {
        var files = GitLsFiles();
        Assert.Contains(ThisFile, files);
        return files.Where(f => File.Exists(Path.Combine(RepositoryPaths.Root, f)) && !IsBinary(Path.Combine(RepositoryPaths.Root, f)));
    }

    private static IReadOnlyList<string> GitLsFiles()
    {
        var start = new ProcessStartInfo("git", ["-C", RepositoryPaths.Root, "ls-files", "-z"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process git;
        try
        {
            git = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new InvalidOperationException("This test needs git on PATH to list the tracked files (CI runs on a clone with git).", e);
        }
        using (git)
        {
            var error = git.StandardError.ReadToEndAsync();
            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            Assert.True(git.ExitCode == 0, $"git ls-files failed in {RepositoryPaths.Root} (exit {git.ExitCode}): {error.Result}");
            return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    private static bool IsBinary(string path)
    {
        using var stream = File.OpenRead(path);
        var head = new byte[8000];
        var read = stream.Read(head, 0, head.Length);
        return Array.IndexOf(head, (byte)0, 0, read) >= 0;
    }
}
