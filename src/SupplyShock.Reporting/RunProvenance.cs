namespace SupplyShock.Reporting;

using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>The machine a run ran on, as run.json records it.</summary>
public sealed record Machine(string Host, string Os, string Architecture, int Cores, string Runtime)
{
    public static Machine Current() => new(
        Environment.MachineName, RuntimeInformation.OSDescription, RuntimeInformation.OSArchitecture.ToString(), Environment.ProcessorCount, RuntimeInformation.FrameworkDescription);
}

/// <summary>
/// run.json: how a result was obtained (program, scenario, seed, trials, sampler, threads, when, on what machine).
/// <see cref="Read"/> reads back what <see cref="Write"/> writes.
/// </summary>
public sealed record RunProvenance(
    string Version,
    string ScenarioFile,
    string ScenarioSha256,
    long Seed,
    long Trials,
    string Sampler,
    int Threads,
    IReadOnlyList<string> Policies,
    DateTimeOffset Started,
    DateTimeOffset Finished,
    Machine Machine)
{
    public const string FileName = "run.json";

    /// <summary>The <c>--precision</c> asked of an auto-stopped run (issue 10), as given; null for a run of fixed trials.</summary>
    public string? Precision { get; init; }

    /// <summary>With <see cref="Precision"/>: whether every headline mean reached it (false: the run stopped at <see cref="MaxTrials"/>).</summary>
    public bool PrecisionReached { get; init; }

    /// <summary>With <see cref="Precision"/>: the --max-trials cap.</summary>
    public long MaxTrials { get; init; }

    /// <summary>Seconds from start to finish, to the millisecond, as written.</summary>
    public double Seconds => Math.Round((Finished - Started).TotalSeconds, 3);

    public static RunProvenance For(RunResults results, int threads, DateTimeOffset started, DateTimeOffset finished) => new(
        results.Run.Version,
        results.Scenario.File.Replace('\\', '/'),
        results.Scenario.Sha256,
        results.Run.Seed,
        results.Run.Trials,
        Simulation.Name(results.Run.Sampler),
        threads,
        results.Policies.Select(p => p.Name).ToArray(),
        started.ToUniversalTime(),
        finished.ToUniversalTime(),
        Machine.Current());

    public void Write(Stream stream)
    {
        using var json = DiagnosticReport.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("program", "supplyshock");
        json.WriteString("version", Version);
        json.WriteString("scenario_file", ScenarioFile);
        json.WriteString("scenario_sha256", ScenarioSha256);
        json.WriteNumber("seed", Seed);
        json.WriteNumber("trials", Trials);
        json.WriteString("sampler", Sampler);
        json.WriteNumber("threads", Threads);
        if (Precision is not null)
        {
            json.WriteString("precision", Precision);
            json.WriteBoolean("precision_reached", PrecisionReached);
            json.WriteNumber("max_trials", MaxTrials);
        }
        DiagnosticReport.WriteStrings(json, "policies", Policies);
        json.WriteString("started", Started.ToString("O", CultureInfo.InvariantCulture));
        json.WriteString("finished", Finished.ToString("O", CultureInfo.InvariantCulture));
        json.WriteNumber("seconds", Seconds);
        json.WriteStartObject("machine");
        json.WriteString("host", Machine.Host);
        json.WriteString("os", Machine.Os);
        json.WriteString("architecture", Machine.Architecture);
        json.WriteNumber("cores", Machine.Cores);
        json.WriteString("runtime", Machine.Runtime);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>DIR/run.json, or null and why not (no file, or not one this program wrote).</summary>
    public static (RunProvenance? Provenance, string? Error) Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return (Read(document.RootElement), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
        {
            return (null, $"{path}: {(e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message)}");
        }
    }

    public static RunProvenance Read(JsonElement root)
    {
        var machine = Json.Object(root, "machine");
        return new RunProvenance(
            Json.String(root, "version"),
            Json.String(root, "scenario_file"),
            Json.String(root, "scenario_sha256"),
            Json.Int64(root, "seed"),
            Json.Int64(root, "trials"),
            Json.String(root, "sampler"),
            (int)Json.Int64(root, "threads"),
            Json.Array(root, "policies").EnumerateArray().Select(p => p.GetString() ?? "").ToArray(),
            Time(Json.String(root, "started")),
            Time(Json.String(root, "finished")),
            new Machine(Json.String(machine, "host"), Json.String(machine, "os"), Json.String(machine, "architecture"), (int)Json.Int64(machine, "cores"), Json.String(machine, "runtime")))
        {
            Precision = root.TryGetProperty("precision", out var precision) ? precision.GetString() : null,
            PrecisionReached = root.TryGetProperty("precision_reached", out var reached) && reached.GetBoolean(),
            MaxTrials = root.TryGetProperty("max_trials", out var cap) ? cap.GetInt64() : 0,
        };
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
