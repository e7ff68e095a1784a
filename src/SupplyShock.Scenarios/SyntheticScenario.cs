namespace SupplyShock.Scenarios;

using System.Globalization;
using System.Text;

/// <summary>
/// Writes a valid synthetic scenario of any size, with its tables as CSV: for stress tests, benchmarks and users
/// who want to try their machine on a network as large as theirs. The same sizes and seed give the same files.
/// </summary>
public static class SyntheticScenario
{
    public sealed record Size(int Suppliers, int Components, int SupplyEdges, int Periods = 8);

    /// <summary>The benchmark network of issue 3: 10,000 supply edges, each into two end uses: 20,000 flows over 8 quarters.</summary>
    public static readonly Size LargeNetwork = new(2_000, 500, 10_000);

    /// <summary>The small benchmark network of issue 3: 88 supply edges into two end uses each, 176 flows over 4 quarters.</summary>
    public static readonly Size SmallNetwork = new(60, 20, 88, Periods: 4);

    private static readonly string[] Countries = ["US", "US", "US", "TW", "KR", "JP", "CN", "DE", "NL", "MY"];
    private static readonly string[] EndUses = ["handsets", "network", "servers", "other"];

    /// <summary>What is wrong with a size, or null when a network of it can be written.</summary>
    public static string? Check(Size size) =>
        size.Suppliers < 1 || size.Components < 1 || size.Periods < 1 ? "suppliers, components and periods must be at least 1"
        : size.SupplyEdges < size.Components ? $"--supply-edges must be at least the number of components ({size.Components}), so each has a supplier"
        : size.SupplyEdges > (long)size.Suppliers * size.Components ? $"--supply-edges must be at most suppliers x components ({(long)size.Suppliers * size.Components})"
        : null;

    /// <summary>Writes DIR/scenario.yaml and DIR/data/*.csv; returns the scenario's path.</summary>
    public static string Write(string directory, Size size, int seed)
    {
        if (Check(size) is { } problem)
        {
            throw new ArgumentException(problem, nameof(size));
        }
        var random = new Random(seed);
        var data = Path.Combine(directory, "data");
        Directory.CreateDirectory(data);
        var inv = CultureInfo.InvariantCulture;

        var suppliers = new StringBuilder("id,name,country\n");
        var countries = new string[size.Suppliers];
        for (var s = 0; s < size.Suppliers; s++)
        {
            countries[s] = Countries[random.Next(Countries.Length)];
            suppliers.Append(inv, $"s{s},Supplier {s},{countries[s]}\n");
        }

        var components = new StringBuilder("id,name,tags,stockpile,substitution,ramp\n");
        for (var c = 0; c < size.Components; c++)
        {
            var tag = c % 3 == 0 ? "widely-available" : c % 3 == 1 ? "specialised" : "specialised;network-critical";
            var substitution = c % 5 == 0 ? "$common_substitution" : (random.NextDouble() * 0.9).ToString("0.00", inv);
            components.Append(inv, $"c{c},Component {c},{tag},{random.Next(0, 7)},{substitution},{random.Next(0, 13)}\n");
        }

        var endUses = new StringBuilder("id,name,tags,demand\n");
        endUses.Append("handsets,Consumer handsets,consumer,$handset_demand\n");
        endUses.Append("network,5G network gear,5g;network,\n");
        endUses.Append("servers,Servers and cloud,enterprise,\n");
        endUses.Append("other,Other,,\n");

        // Every component gets one supplier first, then edges go to random pairs not yet taken.
        var supply = new StringBuilder("supplier,component,value,origin,us_content,fdp\n");
        var taken = new HashSet<long>();
        void Edge(int s, int c)
        {
            var value = Math.Round(1 + random.NextDouble() * 99, 2).ToString(inv);
            var foreign = countries[s] != "US";
            var usContent = foreign ? Math.Round(random.NextDouble() * 0.4, 2).ToString(inv) : "";
            var fdp = foreign && random.NextDouble() < 0.3 ? "true" : "";
            supply.Append(inv, $"s{s},c{c},{value},,{usContent},{fdp}\n");
        }
        for (var c = 0; c < size.Components; c++)
        {
            var s = random.Next(size.Suppliers);
            taken.Add((long)s * size.Components + c);
            Edge(s, c);
        }
        while (taken.Count < size.SupplyEdges)
        {
            var (s, c) = (random.Next(size.Suppliers), random.Next(size.Components));
            if (taken.Add((long)s * size.Components + c))
            {
                Edge(s, c);
            }
        }

        var bom = new StringBuilder("component,end_use,share,critical\n");
        for (var c = 0; c < size.Components; c++)
        {
            var first = random.Next(EndUses.Length);
            var second = (first + 1 + random.Next(EndUses.Length - 1)) % EndUses.Length;
            var share = Math.Round(0.1 + random.NextDouble() * 0.8, 2);
            bom.Append(inv, $"c{c},{EndUses[first]},{share.ToString(inv)},\n");
            bom.Append(inv, $"c{c},{EndUses[second]},{(1 - share).ToString("0.00", inv)},{(c % 4 == 0 ? "0.5" : "")}\n");
        }

        File.WriteAllText(Path.Combine(data, "suppliers.csv"), suppliers.ToString());
        File.WriteAllText(Path.Combine(data, "components.csv"), components.ToString());
        File.WriteAllText(Path.Combine(data, "end_uses.csv"), endUses.ToString());
        File.WriteAllText(Path.Combine(data, "supply.csv"), supply.ToString());
        File.WriteAllText(Path.Combine(data, "bom.csv"), bom.ToString());
        var path = Path.Combine(directory, "scenario.yaml");
        File.WriteAllText(path, $"""
            # A synthetic network written by SupplyShock: {size.Suppliers} suppliers, {size.Components} components,
            # {size.SupplyEdges} supply edges, seed {seed}. Not data about any real firm.
            supplyshock: 1
            name: Synthetic network ({size.SupplyEdges} supply edges)
            currency: USD
            unit: million
            horizon: {"{"} periods: {size.Periods}, period: quarter, start: 2019-07-01 {"}"}
            suppliers: data/suppliers.csv
            components: data/components.csv
            end_uses: data/end_uses.csv
            supply: data/supply.csv
            bom: data/bom.csv
            parameters:
              handset_demand: {"{"} dist: pert, min: 0.7, mode: 0.85, max: 1 {"}"}
              common_substitution: {"{"} dist: beta, a: 2, b: 5 {"}"}
              approval: {"{"} dist: uniform, min: 0.2, max: 0.8 {"}"}
            correlations:
              - [handset_demand, approval, 0.3]
            policies:
              ban:
                leakage: {"{"} dist: uniform, min: 0, max: 0.1 {"}"}
                rules:
                  - {"{"} name: temporary licence, end_use: handsets, action: allow, until: 2019-10-01 {"}"}
              partial:
                extends: ban
                rules:
                  - {"{"} name: no 5G, end_use_tags: 5g, action: deny {"}"}
                  - {"{"} name: widely available, component_tags: widely-available, action: license, approval: $approval {"}"}
              fdpr:
                extends: ban
                fdpr: 2020-09-15
              relax:
                listed: false
                decoupling: {"{"} dist: uniform, min: 0, max: 0.2 {"}"}
            simulation: {"{"} trials: 10000, seed: {seed}, sampler: monte-carlo {"}"}

            """);
        return path;
    }
}
