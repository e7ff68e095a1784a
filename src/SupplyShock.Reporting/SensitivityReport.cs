namespace SupplyShock.Reporting;

using System.Globalization;
using System.Text;
using SupplyShock.Core.Sensitivity;

/// <summary>
/// What <c>supplyshock sensitivity</c> prints and writes: per policy (or pair) and metric, the inputs ordered by how much
/// they move it. The table rounds for reading; sensitivity.csv (one tidy row per policy, metric and input) and the JSON
/// keep full precision.
/// </summary>
public static class SensitivityReport
{
    /// <summary>Rows of a metric, most influential first: by |rho| under rank, by total index under Sobol.</summary>
    public static IEnumerable<(string Input, RankSensitivity? Rank, int Index)> Ordered(SensitivityResult result, MetricSensitivity m) =>
        result.Inputs.Select((name, i) => (name, m.Rank, i))
            .OrderByDescending(x => m.Rank is { } r ? Math.Abs(r.Inputs[x.i].Rho) : m.Sobol!.Groups[x.i].Total)
            .ThenBy(x => x.i);

    /// <summary>What the analysis is, in a line: method, trials and seed.</summary>
    public static string Heading(string scenario, SensitivityResult result)
    {
        var invariant = CultureInfo.InvariantCulture;
        var how = result.Run is { } run
            ? $", {run.Sampler}{(run.Overrides.Count > 0 ? $", with --set {string.Join(" --set ", run.Overrides)}" : "")}"
            : "";
        return result.Method == SensitivityMethod.Rank
            ? $"{scenario}: rank sensitivity on {result.ModelTrials.ToString("N0", invariant)} trials, seed {result.Seed}{how}"
            : $"{scenario}: Sobol indices from {result.ModelTrials.ToString("N0", invariant)} model trials (Saltelli design), seed {result.Seed}{how}";
    }

    /// <summary>How to read the numbers.</summary>
    public static string Legend(SensitivityResult result) => result.Method == SensitivityMethod.Rank
        ? "rho: Spearman rank correlation [95% interval]; share: of the explained rank variance; low/high tenth: the metric's mean when the input is in its lowest/highest tenth. The licence draws are not inputs here (one per supply edge); --method sobol measures them as the group 'licences'."
        : "first order: the share of the metric's variance the group explains alone; total: with all its interactions [95% bootstrap intervals].";

    /// <summary>Per policy and metric: a title and the table's rows (header first), the <paramref name="top"/> most influential inputs.</summary>
    public static IEnumerable<(string Title, List<string[]> Rows)> Tables(SensitivityResult result, int top)
    {
        var shares = RowFormat.ForShares();
        foreach (var m in result.Metrics)
        {
            if (m.Rank is { } rank)
            {
                var money = RowFormat.ForMoney([rank.Mean, .. rank.Inputs.SelectMany(i => new[] { i.LowTenthMean, i.HighTenthMean })]);
                List<string[]> rows = [["input", "rho", "95% interval", "share", "low tenth", "high tenth"]];
                rows.AddRange(Ordered(result, m).Take(top).Select(x =>
                {
                    var r = rank.Inputs[x.Index];
                    return new[] { x.Input, Fixed(r.Rho), $"[{Fixed(r.Interval.Lower)}, {Fixed(r.Interval.Upper)}]", shares.Format(r.Share), money.Format(r.LowTenthMean), money.Format(r.HighTenthMean) };
                }));
                yield return ($"{m.Policy}: {m.Metric} (mean {money.Format(rank.Mean)})", rows);
            }
            else if (m.Sobol is { } sobol)
            {
                List<string[]> rows = [["group", "first order", "95% interval", "total", "95% interval"]];
                rows.AddRange(Ordered(result, m).Take(top).Select(x =>
                {
                    var g = sobol.Groups[x.Index];
                    return new[] { x.Input, Fixed(g.First), $"[{Fixed(g.FirstInterval.Lower)}, {Fixed(g.FirstInterval.Upper)}]", Fixed(g.Total), $"[{Fixed(g.TotalInterval.Lower)}, {Fixed(g.TotalInterval.Upper)}]" };
                }));
                var sd = Math.Sqrt(sobol.Variance);
                yield return ($"{m.Policy}: {m.Metric} (mean {RowFormat.ForMoney([sobol.Mean]).Format(sobol.Mean)}, sd {RowFormat.ForMoney([sd]).Format(sd)})", rows);
            }
        }
    }

    public static void WriteText(TextWriter w, string scenario, SensitivityResult result, int top = 12)
    {
        w.WriteLine(Heading(scenario, result));
        w.WriteLine(Legend(result));
        foreach (var (title, rows) in Tables(result, top))
        {
            w.WriteLine();
            w.WriteLine(title);
            Table(w, rows);
            if (result.Inputs.Count > top)
            {
                w.WriteLine($"  ... and {result.Inputs.Count - top} more in sensitivity.csv (--out) or --format json");
            }
        }
    }

    /// <summary>Two decimals, never "-0.00": correlations and indices.</summary>
    private static string Fixed(double x)
    {
        var text = x.ToString("0.00", CultureInfo.InvariantCulture);
        return text == "-0.00" ? "0.00" : text;
    }

    private static void Table(TextWriter w, List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            w.WriteLine("  " + string.Join("   ", row.Select((cell, c) => c == 0 ? cell.PadRight(widths[c]) : cell.PadLeft(widths[c]))).TrimEnd());
        }
    }

    /// <summary>sensitivity.csv: one row per policy (or pair), metric and input or group; full precision, invariant culture.</summary>
    public static string Csv(SensitivityResult result)
    {
        var csv = new StringBuilder();
        csv.Append("method,policy,metric,input,rho,rho_low,rho_high,share,low_tenth_mean,high_tenth_mean,first,first_low,first_high,total,total_low,total_high\n");
        var method = result.Method.ToString().ToLowerInvariant();
        foreach (var m in result.Metrics)
        {
            for (var i = 0; i < result.Inputs.Count; i++)
            {
                var cells = new List<string> { method, SummaryCsv.Field(m.Policy), m.Metric, SummaryCsv.Field(result.Inputs[i]) };
                if (m.Rank is { } rank)
                {
                    var r = rank.Inputs[i];
                    cells.AddRange([R(r.Rho), R(r.Interval.Lower), R(r.Interval.Upper), R(r.Share), R(r.LowTenthMean), R(r.HighTenthMean), "", "", "", "", "", ""]);
                }
                else
                {
                    var g = m.Sobol!.Groups[i];
                    cells.AddRange(["", "", "", "", "", "", R(g.First), R(g.FirstInterval.Lower), R(g.FirstInterval.Upper), R(g.Total), R(g.TotalInterval.Lower), R(g.TotalInterval.Upper)]);
                }
                csv.Append(string.Join(',', cells)).Append('\n');
            }
        }
        return csv.ToString();
    }

    private static string R(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    public static void WriteJson(Stream stream, string scenario, SensitivityResult result)
    {
        using var json = DiagnosticReport.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("format", "supplyshock-sensitivity/1");
        json.WriteString("scenario", scenario);
        json.WriteString("method", result.Method.ToString().ToLowerInvariant());
        json.WriteNumber("model_trials", result.ModelTrials);
        json.WriteNumber("seed", result.Seed);
        if (result.Run is { } run)
        {
            json.WriteStartObject("run");
            json.WriteString("version", run.Version);
            json.WriteString("sha256", run.Sha256);
            json.WriteString("sampler", run.Sampler);
            DiagnosticReport.WriteStrings(json, "overrides", run.Overrides);
            json.WriteEndObject();
        }
        json.WriteStartArray("metrics");
        foreach (var m in result.Metrics)
        {
            json.WriteStartObject();
            json.WriteString("policy", m.Policy);
            json.WriteString("metric", m.Metric);
            if (m.Rank is { } rank)
            {
                json.WriteNumber("trials", rank.Trials);
                json.WriteNumber("tenth", rank.TenthSize);
                json.WriteNumber("mean", rank.Mean);
            }
            if (m.Sobol is { } sobol)
            {
                json.WriteNumber("rows", sobol.Rows);
                json.WriteNumber("resamples", sobol.Resamples);
                json.WriteNumber("mean", sobol.Mean);
                json.WriteNumber("variance", sobol.Variance);
            }
            json.WriteStartArray("inputs");
            for (var i = 0; i < result.Inputs.Count; i++)
            {
                json.WriteStartObject();
                json.WriteString("name", result.Inputs[i]);
                if (m.Rank is { } r)
                {
                    var x = r.Inputs[i];
                    json.WriteNumber("rho", x.Rho);
                    json.WriteNumber("rho_low", x.Interval.Lower);
                    json.WriteNumber("rho_high", x.Interval.Upper);
                    json.WriteNumber("share", x.Share);
                    json.WriteNumber("low_tenth_mean", x.LowTenthMean);
                    json.WriteNumber("high_tenth_mean", x.HighTenthMean);
                }
                else
                {
                    var g = m.Sobol!.Groups[i];
                    json.WriteNumber("first", g.First);
                    json.WriteNumber("first_low", g.FirstInterval.Lower);
                    json.WriteNumber("first_high", g.FirstInterval.Upper);
                    json.WriteNumber("total", g.Total);
                    json.WriteNumber("total_low", g.TotalInterval.Lower);
                    json.WriteNumber("total_high", g.TotalInterval.Upper);
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Reads what <see cref="WriteJson"/> writes (a rank analysis; Sobol results are read for their numbers alone).</summary>
    public static SensitivityResult Read(byte[] utf8)
    {
        using var document = System.Text.Json.JsonDocument.Parse(utf8);
        var root = document.RootElement;
        if (Json.String(root, "format") != "supplyshock-sensitivity/1")
        {
            throw new FormatException("not a SupplyShock sensitivity file");
        }
        var method = Json.String(root, "method") == "sobol" ? SensitivityMethod.Sobol : SensitivityMethod.Rank;
        var metrics = new List<MetricSensitivity>();
        IReadOnlyList<string> inputs = [];
        foreach (var m in Json.Array(root, "metrics").EnumerateArray())
        {
            var rows = Json.Array(m, "inputs").EnumerateArray().ToArray();
            inputs = rows.Select(r => Json.String(r, "name")).ToArray();
            double N(System.Text.Json.JsonElement e, string name) => Json.Number(Json.Property(e, name), name);
            if (method == SensitivityMethod.Rank)
            {
                var rank = new RankSensitivity((int)Json.Int64(m, "trials"), (int)Json.Int64(m, "tenth"), N(m, "mean"), rows.Select(r => new InputRank(
                    N(r, "rho"), new ConfidenceInterval(N(r, "rho_low"), N(r, "rho_high")), N(r, "share"), N(r, "low_tenth_mean"), N(r, "high_tenth_mean"))).ToArray());
                metrics.Add(new MetricSensitivity(Json.String(m, "policy"), Json.String(m, "metric"), rank, null));
            }
            else
            {
                var sobol = new SobolIndices((int)Json.Int64(m, "rows"), (int)Json.Int64(m, "resamples"), N(m, "mean"), N(m, "variance"), rows.Select(r => new SobolIndex(
                    N(r, "first"), new ConfidenceInterval(N(r, "first_low"), N(r, "first_high")), N(r, "total"), new ConfidenceInterval(N(r, "total_low"), N(r, "total_high")))).ToArray());
                metrics.Add(new MetricSensitivity(Json.String(m, "policy"), Json.String(m, "metric"), null, sobol));
            }
        }
        var runInfo = root.TryGetProperty("run", out var r)
            ? new SensitivityRun(Json.String(r, "sampler"), Json.Array(r, "overrides").EnumerateArray().Select(o => o.GetString() ?? "").ToArray(), Json.String(r, "sha256"), Json.String(r, "version"))
            : null;
        return new SensitivityResult(method, Json.Int64(root, "model_trials"), Json.Int64(root, "seed"), inputs, metrics) { Run = runInfo };
    }
}
