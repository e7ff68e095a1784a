namespace SupplyShock.Cli;

using SupplyShock.Plotting;
using SupplyShock.Reporting;

/// <summary>
/// What supplyshock owns in an output folder, so the outputs of two runs never sit side by side. The manifest
/// DIR/.supplyshock-outputs lists (one relative path a line) every file the last run or plot wrote. Before writing,
/// a run removes every file the manifest lists (each removal atomic: a file is there whole or not at all), rewrites
/// the manifest to what it kept, writes its files (each atomically), and writes the manifest again last, listing only
/// files this run wrote. Files with an output's name that no manifest lists (an older supplyshock, a write stopped
/// between its files and its manifest, or the user's own) are refused unless --force; any other file is never touched.
/// </summary>
internal static class OutputFolder
{
    public const string ManifestName = ".supplyshock-outputs";

    /// <summary>The data files of <c>supplyshock sweep</c>; its charts go to plots/ as a run's do.</summary>
    private static readonly string[] SweepData = ["sweep.csv", "sweep.json"];  // before RunData: static fields start in file order

    /// <summary>The files a run writes; a plot leaves these and redraws the rest.</summary>
    public static readonly IReadOnlyList<string> RunData = ["results.json", "summary.csv", RunProvenance.FileName, "trials.parquet", Report.TornadoFile, PrecisionReport.FileName, .. SweepData];

    private static readonly string[] ReportNames = ["report.html", "report.md"];

    /// <summary>Folders the tool writes into; only files with the names of its charts or copied sources count as its outputs there.</summary>
    private static readonly string[] OwnedFolders = ["plots", Report.SourcesFolder];

    /// <summary>A chart's name in plots/, or a copied sources file in sources/: a user's own file in those folders is never an output.</summary>
    private static readonly System.Text.RegularExpressions.Regex OwnedName = new(
        @"^(plots/(lost-us-revenue-distribution|lost-us-revenue-exceedance|paired-differences|output-by-end-use|output-over-time-[a-z0-9-]+|lost-revenue-by-supplier|binding-constraints-[a-z0-9-]+|us-loss-against-foreign-gain|tornado-[a-z0-9-]+|sobol-[a-z0-9-]+|sweep-[a-z0-9-]+|convergence)\.(png|svg|pdf)|sources/[^/]+\.md)$",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Why <paramref name="dir"/> cannot be written without --force, or null when it can.</summary>
    public static string? Problem(string option, string dir, bool force)
    {
        var unrecorded = Unrecorded(dir);
        if (force || unrecorded.Count == 0)
        {
            return null;
        }
        var named = unrecorded.Where(f => !f.Contains('/')).ToList();
        named.AddRange(unrecorded.Where(f => f.Contains('/')).GroupBy(f => f[..f.IndexOf('/')])
            .Select(g => $"{g.Key}/ ({g.Count()} {(g.Count() == 1 ? "file" : "files")})"));
        return $"{option}: holds {string.Join(", ", named)} that no earlier run recorded writing there "
            + $"(a folder written by an older supplyshock, a run stopped while writing, or files of yours with these names); "
            + "nothing was run: move them away, choose another folder, or pass --force to replace them";
    }

    /// <summary>
    /// Removes the outputs of the last write, except those <paramref name="keep"/> names, and records what is kept;
    /// with <paramref name="force"/>, unrecorded outputs too. Never touches a file that is not an output's name.
    /// </summary>
    public static void Clear(string dir, bool force, Func<string, bool>? keep = null)
    {
        if (!Directory.Exists(dir))
        {
            return;
        }
        keep ??= _ => false;
        var owned = Recorded(dir).Where(f => IsOutput(f) && File.Exists(Full(dir, f))).ToList();
        if (force)
        {
            owned.AddRange(Unrecorded(dir));
        }
        foreach (var file in owned.Where(f => !keep(f)))
        {
            File.Delete(Full(dir, file)); // unlink is atomic: no reader ever sees half of an old file
        }
        foreach (var folder in OwnedFolders.Select(f => Path.Combine(dir, f)).Where(Directory.Exists))
        {
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        WriteManifest(dir, owned.Where(keep).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>Records every output now in the folder; written atomically and last, after every file it names.</summary>
    public static void Seal(string dir) => WriteManifest(dir, Outputs(dir));

    private static void WriteManifest(string dir, IEnumerable<string> files) =>
        AtomicFile.WriteText(Path.Combine(dir, ManifestName),
            "# Files supplyshock wrote here. The next run or plot into this folder removes or replaces them; it touches no other file.\n"
            + string.Concat(files.Select(f => f + "\n")));

    private static HashSet<string> Recorded(string dir)
    {
        var path = Path.Combine(dir, ManifestName);
        return File.Exists(path)
            ? File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal)
            : [];
    }

    private static IReadOnlyList<string> Unrecorded(string dir)
    {
        var recorded = Recorded(dir);
        return Outputs(dir).Where(f => !recorded.Contains(f)).ToArray();
    }

    /// <summary>The files in <paramref name="dir"/> with an output's name, relative with '/', in a stable order.</summary>
    private static IReadOnlyList<string> Outputs(string dir)
    {
        if (!Directory.Exists(dir))
        {
            return [];
        }
        var top = RunData.Concat(ReportNames).Where(f => File.Exists(Path.Combine(dir, f)));
        var inFolders = OwnedFolders.Where(f => Directory.Exists(Path.Combine(dir, f)))
            .SelectMany(f => Directory.EnumerateFiles(Path.Combine(dir, f), "*", SearchOption.AllDirectories))
            .Where(f => !Path.GetFileName(f).StartsWith('.')) // an atomic write's temporary file is not an output
            .Select(f => Path.GetRelativePath(dir, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(f => OwnedName.IsMatch(f));
        return top.Concat(inFolders.Order(StringComparer.Ordinal)).ToArray();
    }

    private static bool IsOutput(string relative) =>
        RunData.Contains(relative) || ReportNames.Contains(relative)
        || (OwnedName.IsMatch(relative) && !relative.Contains("..", StringComparison.Ordinal));

    private static string Full(string dir, string relative) => Path.Combine(dir, relative.Replace('/', Path.DirectorySeparatorChar));
}
