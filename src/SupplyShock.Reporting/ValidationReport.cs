namespace SupplyShock.Reporting;

using System.Globalization;
using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Model;

/// <summary>What <c>supplyshock validate</c> prints: a short summary of a valid scenario, or its diagnostics.</summary>
public static class ValidationReport
{
    public static void WriteSummary(TextWriter w, ValidScenario s)
    {
        var usSuppliers = s.Suppliers.Count(x => x.Us);
        var currency = s.Unit.Length > 0 ? $"{s.Currency} {s.Unit}" : s.Currency;
        w.WriteLine($"{s.SourcePath}: valid");
        w.WriteLine($"  scenario      {s.Name}");
        w.WriteLine($"  suppliers     {s.Suppliers.Count} ({usSuppliers} US)");
        w.WriteLine($"  components    {s.Components.Count}");
        w.WriteLine($"  end uses      {s.EndUses.Count}");
        w.WriteLine($"  flows         {s.Flows.Count} (supply edges {s.Supply.Count}, bom edges {s.Bom.Count})");
        w.WriteLine($"  parameters    {s.Parameters.Count}{(s.Correlations.Count > 0 ? $" ({Numbers.Count(s.Correlations.Count, "correlation", "correlations")})" : "")}");
        w.WriteLine($"  policies      {s.Policies.Count}: {string.Join(", ", s.Policies.Select(p => p.Name))}");
        w.WriteLine($"  horizon       {DescribeHorizon(s.Horizon)}");
        w.WriteLine($"  simulation    {s.Simulation.Trials.ToString("N0", CultureInfo.InvariantCulture)} trials, seed {s.Simulation.Seed}, {Simulation.Name(s.Simulation.Sampler)}");
        var value = RowFormat.ForMoney([s.UsBaselineValue, s.TotalBaselineValue]);
        w.WriteLine($"  US share of baseline value  {Numbers.Percent(s.UsShareOfBaseline)} ({value.Format(s.UsBaselineValue)} of {value.Format(s.TotalBaselineValue)} {currency} a year)");
    }

    public static string DescribeHorizon(Horizon h)
    {
        var unit = h.Period switch
        {
            PeriodKind.Month => "month",
            PeriodKind.Quarter => "quarter",
            _ => "year",
        };
        var plural = h.Periods == 1 ? unit : unit + "s";
        return h.Start is { } start ? $"{h.Periods} {plural} from {start:yyyy-MM-dd}" : $"{h.Periods} {plural}";
    }

    public static void WriteJson(Stream stream, string path, ValidScenario? s, IReadOnlyList<Diagnostic> diagnostics)
    {
        using var json = DiagnosticReport.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("file", path);
        json.WriteBoolean("valid", s is not null);
        if (s is not null)
        {
            json.WriteString("name", s.Name);
            json.WriteString("sha256", s.Sha256);
            json.WriteString("currency", s.Currency);
            json.WriteString("unit", s.Unit);
            json.WriteStartObject("counts");
            json.WriteNumber("suppliers", s.Suppliers.Count);
            json.WriteNumber("us_suppliers", s.Suppliers.Count(x => x.Us));
            json.WriteNumber("components", s.Components.Count);
            json.WriteNumber("end_uses", s.EndUses.Count);
            json.WriteNumber("supply_edges", s.Supply.Count);
            json.WriteNumber("bom_edges", s.Bom.Count);
            json.WriteNumber("flows", s.Flows.Count);
            json.WriteNumber("parameters", s.Parameters.Count);
            json.WriteNumber("correlations", s.Correlations.Count);
            json.WriteNumber("policies", s.Policies.Count);
            json.WriteEndObject();
            json.WriteStartArray("policies");
            foreach (var p in s.Policies)
            {
                json.WriteStringValue(p.Name);
            }
            json.WriteEndArray();
            json.WriteStartObject("horizon");
            json.WriteNumber("periods", s.Horizon.Periods);
            json.WriteString("period", s.Horizon.Period.ToString().ToLowerInvariant());
            if (s.Horizon.Start is { } start)
            {
                json.WriteString("start", start.ToString("yyyy-MM-dd"));
            }
            else
            {
                json.WriteNull("start");
            }
            json.WriteEndObject();
            json.WriteStartObject("simulation");
            json.WriteNumber("trials", s.Simulation.Trials);
            json.WriteNumber("seed", s.Simulation.Seed);
            json.WriteString("sampler", Simulation.Name(s.Simulation.Sampler));
            json.WriteEndObject();
            json.WriteNumber("baseline_value", s.TotalBaselineValue);
            json.WriteNumber("us_baseline_value", s.UsBaselineValue);
            json.WriteNumber("us_share_of_baseline", s.UsShareOfBaseline);
        }
        DiagnosticReport.WriteJson(json, diagnostics);
        json.WriteEndObject();
    }
}
