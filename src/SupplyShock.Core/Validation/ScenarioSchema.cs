namespace SupplyShock.Core.Validation;

/// <summary>The keys of format 1 (FORMAT.md), shared by the validator and the CSV reader so the two never disagree.</summary>
public static class ScenarioSchema
{
    public sealed record Table(string Key, IReadOnlyList<string> Columns, IReadOnlyList<string> Required, IReadOnlyList<string> ListColumns);

    public static readonly IReadOnlyList<string> TopLevel =
    [
        "supplyshock", "name", "description", "currency", "unit", "horizon", "suppliers", "components",
        "end_uses", "supply", "bom", "parameters", "correlations", "policies", "simulation",
    ];

    public static readonly IReadOnlyList<string> RequiredTopLevel =
        ["supplyshock", "suppliers", "components", "end_uses", "supply", "bom", "policies"];

    public static readonly Table Suppliers = new("suppliers", ["id", "name", "country", "us"], ["id", "country"], []);

    public static readonly Table Components = new(
        "components", ["id", "name", "tags", "stockpile", "substitution", "ramp"], ["id"], ["tags"]);

    public static readonly Table EndUses = new("end_uses", ["id", "name", "tags", "demand"], ["id"], ["tags"]);

    public static readonly Table Supply = new(
        "supply", ["supplier", "component", "value", "origin", "us_content", "fdp"], ["supplier", "component", "value"], []);

    public static readonly Table Bom = new("bom", ["component", "end_use", "share", "critical"], ["component", "end_use", "share"], []);

    /// <summary>The tables that may be given as a CSV path instead of a list.</summary>
    public static readonly IReadOnlyList<Table> Tables = [Suppliers, Components, EndUses, Supply, Bom];

    public static readonly IReadOnlyList<string> Horizon = ["periods", "period", "start"];

    public static readonly IReadOnlyList<string> Simulation = ["trials", "seed", "sampler"];

    public static readonly IReadOnlyList<string> Policy =
        ["listed", "de_minimis", "fdpr", "rules", "leakage", "leakage_revenue", "decoupling", "extends", "description"];

    public static readonly IReadOnlyList<string> Rule =
    [
        "name", "supplier", "supplier_country", "component", "component_tags", "end_use", "end_use_tags",
        "from", "until", "action", "approval",
    ];

    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> DistributionKeys =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["uniform"] = ["min", "max"],
            ["triangular"] = ["min", "mode", "max"],
            ["pert"] = ["min", "mode", "max", "lambda"],
            ["beta"] = ["a", "b", "min", "max"],
            ["normal"] = ["mean", "sd", "min", "max"],
            ["lognormal"] = ["mu", "sigma"],
            ["bernoulli"] = ["p"],
            ["discrete"] = ["values", "weights"],
        };
}
