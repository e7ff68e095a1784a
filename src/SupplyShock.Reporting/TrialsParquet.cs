namespace SupplyShock.Reporting;

using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Parquet;
using Parquet.Schema;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>
/// The run a per-trial file comes from, as its Parquet key-value metadata holds it. <paramref name="Structure"/> is the
/// scenario's shape without its numbers (<see cref="TrialsWriter.StructureHash"/>), so that a file of an edited scenario
/// can still be paired with the original's; <paramref name="Saved"/> is how many trials the rows hold (the first ones).
/// </summary>
public sealed record TrialsIdentity(string Scenario, string Sha256, string Structure, string Version, long Seed, long Trials, string Sampler, long Saved);

/// <summary>
/// What a per-trial file keeps. A run's file (<see cref="Run"/>) keeps every trial and input; a baseline's
/// (<see cref="Baseline"/>) keeps only the outcomes of the first trials, which is all a paired comparison reads, at
/// the strongest compression: random doubles barely compress, and baselines live in git.
/// </summary>
public sealed record TrialsContent(bool Inputs, long Trials, CompressionLevel Compression)
{
    public static TrialsContent Run { get; } = new(true, long.MaxValue, CompressionLevel.Optimal);

    public static TrialsContent Baseline(long trials) => new(false, trials, CompressionLevel.SmallestSize);
}

/// <summary>
/// Writes <c>trials.parquet</c> as a run goes: one row per trial and policy (trial-major, policies in run order) with
/// <c>trial</c>, <c>policy</c>, every uncertain input by its key and every headline outcome (<see cref="TrialColumns"/>).
/// Blocks arrive from the runner's threads in any order; they are buffered and written in trial order, in row groups of
/// a fixed number of trials, so the file is the same to the byte for any thread count. A file not ended by
/// <see cref="Complete"/> has no footer: whoever owns the stream discards it.
/// </summary>
public sealed class TrialsWriter(Stream output, ValidScenario scenario, RunOptions options, TrialsContent content)
    : ITrialObserver
{
    public const string Format = "supplyshock-trials/1";

    /// <summary>Trials per row group: 16 of the runner's blocks, a few MB of buffer for a large scenario.</summary>
    private const int RowGroupTrials = 16 * SimulationRunner.BlockSize;

    private readonly object gate = new();
    private readonly Dictionary<long, (double[] Inputs, double[] Outcomes, int Count)> waiting = [];
    private readonly List<(double[] Inputs, double[] Outcomes, int Count)> group = [];
    private TrialColumns? columns;
    private ParquetWriter? writer;
    private DataField[] fields = [];
    private string structure = "";
    private long next;     // the first trial not yet in order
    private int inGroup;   // trials buffered for the current row group

    public void Begin(TrialColumns columns)
    {
        this.columns = columns;
        structure = StructureHash(scenario, columns);
        var inputs = content.Inputs ? columns.Inputs.Select(i => i.Key) : [];
        fields = [new DataField<long>("trial"), new DataField<string>("policy"), .. inputs.Concat(columns.Outcomes).Select(n => new DataField<double>(n))];
        var parquet = new ParquetOptions { CompressionMethod = CompressionMethod.Zstd, CompressionLevel = content.Compression };
        foreach (var outcome in columns.Outcomes)
        {
            // Outcomes vary smoothly: their sign and exponent bytes compress once split from the mantissas. Inputs are left
            // plain, where the same draw repeated for every policy of a trial compresses better.
            parquet.ColumnEncodingHints[outcome] = EncodingHint.ByteSplitStream;
        }
        writer = ParquetWriter.CreateAsync(new ParquetSchema(fields), output, parquet).GetAwaiter().GetResult();
    }

    public void Block(long from, int count, ReadOnlySpan<double> inputs, ReadOnlySpan<double> outcomes)
    {
        var kept = (int)Math.Clamp(content.Trials - from, 0, count);
        if (kept == 0)
        {
            return;
        }
        var inputWidth = inputs.Length / count;
        var outcomeWidth = outcomes.Length / count;
        var copy = (inputs[..(kept * inputWidth)].ToArray(), outcomes[..(kept * outcomeWidth)].ToArray(), kept);
        lock (gate)
        {
            waiting[from] = copy;
            while (waiting.Remove(next, out var rows))
            {
                group.Add(rows);
                next += rows.Count;
                inGroup += rows.Count;
                if (inGroup >= RowGroupTrials)
                {
                    WriteGroup();
                }
            }
        }
    }

    /// <summary>Ends the file after the first <paramref name="trials"/> trials (all of a run, or the kept prefix of a stopped one).</summary>
    public void Complete(long trials)
    {
        var saved = Math.Min(trials, content.Trials);
        if (writer is null || next != saved || waiting.Count > 0)
        {
            throw new InvalidOperationException($"the per-trial rows hold {next} trials in order, not the first {saved}");
        }
        WriteGroup();
        writer.CustomMetadata = new Dictionary<string, string>
        {
            ["supplyshock.format"] = Format,
            ["supplyshock.scenario"] = scenario.Name,
            ["supplyshock.sha256"] = scenario.Sha256,
            ["supplyshock.structure"] = structure,
            ["supplyshock.version"] = Summarizer.ProgramVersion,
            ["supplyshock.seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["supplyshock.trials"] = trials.ToString(CultureInfo.InvariantCulture),
            ["supplyshock.sampler"] = Simulation.Name(options.Sampler),
            ["supplyshock.saved"] = saved.ToString(CultureInfo.InvariantCulture),
        };
        writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        writer = null;
    }

    private void WriteGroup()
    {
        if (inGroup == 0)
        {
            return;
        }
        var policies = columns!.Policies;
        var rows = inGroup * policies.Count;
        var trial = new long[rows];
        var policy = new string[rows];
        for (var r = 0; r < rows; r++)
        {
            trial[r] = next - inGroup + (r / policies.Count);
            policy[r] = policies[r % policies.Count];
        }
        using var rowGroup = writer!.CreateRowGroup();
        rowGroup.WriteAsync(fields[0], (ReadOnlyMemory<long>)trial).GetAwaiter().GetResult();
        rowGroup.WriteAsync(fields[1], policy).GetAwaiter().GetResult();
        var values = new double[rows];
        if (content.Inputs)
        {
            var width = columns.Inputs.Count;
            for (var i = 0; i < width; i++)
            {
                // An input is one draw per trial, the same for every policy.
                var r = 0;
                foreach (var (inputs, _, count) in group)
                {
                    for (var k = 0; k < count; k++)
                    {
                        values.AsSpan(r, policies.Count).Fill(inputs[(k * width) + i]);
                        r += policies.Count;
                    }
                }
                rowGroup.WriteAsync(fields[2 + i], (ReadOnlyMemory<double>)values).GetAwaiter().GetResult();
            }
        }
        var outcomes = columns.Outcomes.Count;
        for (var o = 0; o < outcomes; o++)
        {
            var r = 0;
            foreach (var (_, block, count) in group)
            {
                for (var j = 0; j < count * policies.Count; j++)
                {
                    values[r++] = block[(j * outcomes) + o];
                }
            }
            rowGroup.WriteAsync(fields[fields.Length - outcomes + o], (ReadOnlyMemory<double>)values).GetAwaiter().GetResult();
        }
        group.Clear();
        inGroup = 0;
    }

    /// <summary>
    /// The sha256 (hex) of the scenario's shape, one line per item: <c>supplier ID</c>, <c>component ID</c>, <c>end_use ID</c>
    /// in file order, <c>policy NAME</c> in run order, <c>input KEY</c> in draw order, <c>outcome NAME</c>; UTF-8, each line
    /// ending in a newline. Numbers are left out: two files with the same hash, seed, trials and sampler drew the same
    /// inputs for every trial, whatever numbers were edited.
    /// </summary>
    public static string StructureHash(ValidScenario scenario, TrialColumns columns)
    {
        var text = new StringBuilder();
        void Lines(string kind, IEnumerable<string> items)
        {
            foreach (var item in items)
            {
                text.Append(kind).Append(' ').Append(item).Append('\n');
            }
        }
        Lines("supplier", scenario.Suppliers.Select(s => s.Id));
        Lines("component", scenario.Components.Select(c => c.Id));
        Lines("end_use", scenario.EndUses.Select(e => e.Id));
        Lines("policy", columns.Policies);
        Lines("input", columns.Inputs.Select(i => i.Key));
        Lines("outcome", columns.Outcomes);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>
/// A per-trial file read back: its identity and the headline outcomes, per policy and outcome, trial k at index k. Inputs
/// are not read (compare needs only outcomes). Anything wrong with the file is a message for the user, never an exception.
/// </summary>
public sealed class TrialsFile
{
    private readonly Dictionary<(string Policy, string Outcome), double[]> outcomes;

    private TrialsFile(string path, TrialsIdentity identity, IReadOnlyList<string> policies, Dictionary<(string, string), double[]> outcomes)
    {
        Path = path;
        Identity = identity;
        Policies = policies;
        this.outcomes = outcomes;
    }

    public string Path { get; }

    public TrialsIdentity Identity { get; }

    public IReadOnlyList<string> Policies { get; }

    /// <summary>The outcome (a headline metric, or <c>output.&lt;end use&gt;</c>) of every saved trial under a policy, or null.</summary>
    public double[]? Outcome(string policy, string outcome) => outcomes.GetValueOrDefault((policy, outcome));

    /// <summary>The file, null when there is none, or a message in <c>path: error: ...</c> form.</summary>
    public static (TrialsFile? File, string? Error) ReadIfPresent(string path)
    {
        if (!File.Exists(path))
        {
            return (null, null);
        }
        try
        {
            using var stream = File.OpenRead(path);
            return Read(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"{path}: error: cannot read the per-trial file: {e.Message}");
        }
    }

    /// <summary>A per-trial file in <paramref name="stream"/> (seekable), shown as <paramref name="path"/> in messages.</summary>
    public static (TrialsFile? File, string? Error) Read(Stream stream, string path)
    {
        const string rewrite = "write it again with 'supplyshock run --save-trials' (or 'check --bless'), or delete it";
        try
        {
            return ReadParquet(stream, path, rewrite).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A damaged file can fail anywhere inside the Parquet reader, with any exception type.
            return (null, $"{path}: error: not a readable Parquet file ({e.Message.TrimEnd('.')}); {rewrite}");
        }
    }

    private static async Task<(TrialsFile?, string?)> ReadParquet(Stream stream, string path, string rewrite)
    {
        await using var reader = await ParquetReader.CreateAsync(stream, leaveStreamOpen: true);
        var meta = reader.CustomMetadata;
        string? Meta(string key) => meta.GetValueOrDefault("supplyshock." + key);
        if (Meta("format") is not { } format)
        {
            return (null, $"{path}: error: not a SupplyShock per-trial file (no supplyshock.format metadata); {rewrite}");
        }
        if (format != TrialsWriter.Format)
        {
            return (null, $"{path}: error: per-trial format '{format}' is not supported; this program reads '{TrialsWriter.Format}'");
        }
        long Number(string key) => long.TryParse(Meta(key), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"metadata supplyshock.{key} is missing or not a whole number");
        var identity = new TrialsIdentity(
            Meta("scenario") ?? "", Meta("sha256") ?? "", Meta("structure") ?? "", Meta("version") ?? "",
            Number("seed"), Number("trials"), Meta("sampler") ?? "", Number("saved"));

        var fields = reader.Schema.DataFields;
        var trialField = fields.FirstOrDefault(f => f.Name == "trial");
        var policyField = fields.FirstOrDefault(f => f.Name == "policy");
        if (trialField is null || policyField is null)
        {
            return (null, $"{path}: error: no 'trial' or 'policy' column; {rewrite}");
        }
        var outcomeFields = fields.Where(f => f.ClrType == typeof(double) && IsOutcome(f.Name)).ToArray();
        var trials = new List<long>();
        var policies = new List<string>();
        var values = outcomeFields.Select(_ => new List<double>()).ToArray();
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var rowGroup = reader.OpenRowGroupReader(g);
            var n = (int)rowGroup.RowCount;
            var trial = new long[n];
            await rowGroup.ReadAsync<long>(trialField, trial);
            trials.AddRange(trial);
            var policy = new string[n];
            await rowGroup.ReadAsync(policyField, policy);
            policies.AddRange(policy);
            for (var i = 0; i < outcomeFields.Length; i++)
            {
                var column = new double[n];
                await rowGroup.ReadAsync<double>(outcomeFields[i], column);
                values[i].AddRange(column);
            }
        }

        // Rows are trial-major, every policy once per trial, trials 0 to saved - 1 in order.
        var order = policies.TakeWhile((_, r) => trials[r] == 0).ToArray();
        var expected = identity.Saved * order.Length;
        var inOrder = order.Length > 0 && trials.Count == expected
            && Enumerable.Range(0, trials.Count).All(r => trials[r] == r / order.Length && policies[r] == order[r % order.Length]);
        if (!inOrder)
        {
            return (null, $"{path}: error: the rows are not the first {identity.Saved} trials, each with every policy once, in order; {rewrite}");
        }
        var outcomes = new Dictionary<(string, string), double[]>();
        for (var p = 0; p < order.Length; p++)
        {
            for (var i = 0; i < outcomeFields.Length; i++)
            {
                var all = values[i];
                outcomes[(order[p], outcomeFields[i].Name)] = Enumerable.Range(0, (int)identity.Saved).Select(k => all[(k * order.Length) + p]).ToArray();
            }
        }
        return (new TrialsFile(path, identity, order, outcomes), null);
    }

    private static bool IsOutcome(string name) => MetricLayout.DifferencedScalars.Any(i => MetricLayout.ScalarNames[i] == name) || name.StartsWith("output.", StringComparison.Ordinal);
}
