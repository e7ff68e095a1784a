namespace SupplyShock.Core.Model;

public enum PeriodKind
{
    Month,
    Quarter,
    Year,
}

/// <summary>MODEL.md section 2: <c>Periods</c> periods of <see cref="MonthsPerPeriod"/> months, optionally dated.</summary>
public sealed record Horizon(int Periods, PeriodKind Period, DateOnly? Start)
{
    public int MonthsPerPeriod => Period switch
    {
        PeriodKind.Month => 1,
        PeriodKind.Quarter => 3,
        _ => 12,
    };

    /// <summary>The first day of period <paramref name="t"/>, or null for an undated horizon.</summary>
    public DateOnly? PeriodStart(int t) => Start?.AddMonths(t * MonthsPerPeriod);

    /// <summary>The first period whose first day is on or after <paramref name="date"/> (MODEL.md section 4); may be <see cref="Periods"/>.</summary>
    public int FirstPeriodOnOrAfter(DateOnly date)
    {
        var start = Start ?? throw new InvalidOperationException("an undated horizon has no period for a date");
        for (var t = 0; t < Periods; t++)
        {
            if (start.AddMonths(t * MonthsPerPeriod) >= date)
            {
                return t;
            }
        }
        return Periods;
    }

    /// <summary>"2019-Q3", "2019-07", "2019" for a dated horizon, "t0" otherwise.</summary>
    public string Label(int t)
    {
        if (PeriodStart(t) is not { } d)
        {
            return $"t{t}";
        }
        return Period switch
        {
            PeriodKind.Quarter when d.Month % 3 == 1 => $"{d.Year}-Q{(d.Month + 2) / 3}",
            PeriodKind.Year when d.Month == 1 => $"{d.Year}",
            _ => $"{d:yyyy-MM}",
        };
    }
}

public sealed record Supplier(string Id, string Name, string Country, bool Us);

public sealed record Component(
    string Id,
    string Name,
    IReadOnlyList<string> Tags,
    UncertainValue Stockpile,
    UncertainValue Substitution,
    UncertainValue Ramp);

public sealed record EndUse(string Id, string Name, IReadOnlyList<string> Tags, UncertainValue Demand);

/// <summary>Annual baseline purchases by the buyer of a component from a supplier (MODEL.md section 1).</summary>
public sealed record SupplyEdge(int Supplier, int Component, double Value, string Origin, double UsContent, bool Fdp);

/// <summary>The fraction of the buyer's purchases of a component that go into an end use (MODEL.md section 1).</summary>
public sealed record BomEdge(int Component, int EndUse, double Share, double Critical);

/// <summary>A flow (s, c, e): one supply edge times one bom edge, worth <c>value * share</c> a year.</summary>
public sealed record Flow(int SupplyEdge, int BomEdge, int Supplier, int Component, int EndUse, double AnnualValue);

public sealed record Parameter(string Name, Distribution Distribution);

public sealed record Correlation(string A, string B, double Rho);

public enum Sampler
{
    MonteCarlo,
    LatinHypercube,

    /// <summary>Scrambled Sobol' points, R independent scramblings interleaved (issue 10, docs/model.md section 7).</summary>
    Sobol,
}

public sealed record Simulation(int Trials, long Seed, Sampler Sampler)
{
    public static string Name(Sampler sampler) => sampler switch
    {
        Sampler.MonteCarlo => "monte-carlo",
        Sampler.LatinHypercube => "latin-hypercube",
        _ => "sobol",
    };
}

/// <summary>
/// A scenario that passed every check of FORMAT.md and MODEL.md sections 1 to 4.
/// It can only be made by <see cref="Validation.ScenarioValidator"/>.
/// </summary>
public sealed class ValidScenario
{
    /// <summary>The <c>--set NAME=VALUE</c> arguments the scenario was read with, as given; empty for the file as it is.</summary>
    public IReadOnlyList<string> Overrides { get; init; } = [];

    internal ValidScenario()
    {
    }

    public required string SourcePath { get; init; }
    public required string Sha256 { get; init; }
    public required string Name { get; init; }
    public required string? Description { get; init; }
    public required string Currency { get; init; }
    public required string Unit { get; init; }
    public required Horizon Horizon { get; init; }
    public required IReadOnlyList<Supplier> Suppliers { get; init; }
    public required IReadOnlyList<Component> Components { get; init; }
    public required IReadOnlyList<EndUse> EndUses { get; init; }
    public required IReadOnlyList<SupplyEdge> Supply { get; init; }
    public required IReadOnlyList<BomEdge> Bom { get; init; }
    public required IReadOnlyList<Flow> Flows { get; init; }
    public required IReadOnlyList<Parameter> Parameters { get; init; }
    public required IReadOnlyList<Correlation> Correlations { get; init; }
    public required IReadOnlyList<Policy> Policies { get; init; }
    public required Simulation Simulation { get; init; }

    public double TotalBaselineValue => Supply.Sum(e => e.Value);

    public double UsBaselineValue => Supply.Where(e => Suppliers[e.Supplier].Us).Sum(e => e.Value);

    /// <summary>US suppliers' share of annual baseline value (0 when there is no supply).</summary>
    public double UsShareOfBaseline => TotalBaselineValue > 0 ? UsBaselineValue / TotalBaselineValue : 0;
}
