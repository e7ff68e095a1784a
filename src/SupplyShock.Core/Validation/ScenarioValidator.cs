namespace SupplyShock.Core.Validation;

using SupplyShock.Core.Diagnostics;
using SupplyShock.Core.Model;
using SupplyShock.Core.Syntax;

/// <summary>The outcome of validation: a scenario when there is no error, and every diagnostic in file order.</summary>
public sealed record ValidationResult(ValidScenario? Scenario, IReadOnlyList<Diagnostic> Diagnostics)
{
    public bool Succeeded => Scenario is not null;

    public IEnumerable<Diagnostic> Errors => Diagnostics.Where(d => d.Severity == Severity.Error);

    public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => d.Severity == Severity.Warning);
}

/// <summary>
/// Checks a scenario document against FORMAT.md and MODEL.md sections 1 to 4, gathering every problem at once.
/// The only way to a <see cref="ValidScenario"/>.
/// </summary>
public static class ScenarioValidator
{
    /// <param name="document">The document as read.</param>
    /// <param name="readDiagnostics">What the reader already found (CSV problems); merged into the result.</param>
    /// <param name="overrides">Values given with <c>--set</c>, read in place of the file's (see <see cref="ScenarioOverride"/>).</param>
    public static ValidationResult Validate(ScenarioDocument document, IEnumerable<Diagnostic>? readDiagnostics = null, IReadOnlyList<ScenarioOverride>? overrides = null)
    {
        var bag = new DiagnosticBag();
        if (readDiagnostics is not null)
        {
            bag.AddRange(readDiagnostics);
        }
        var scenario = new ScenarioBinder(document, new NodeReader(bag), new OverrideTable(overrides ?? [])).Bind();
        return new ValidationResult(bag.HasErrors ? null : scenario, bag.Sorted());
    }
}

internal sealed class ScenarioBinder(ScenarioDocument document, NodeReader read, OverrideTable overrides)
{
    private readonly record struct ParameterUse(string Name, ScalarNode Node, string Path, ValueRange Range);

    private readonly List<ParameterUse> parameterUses = [];
    private readonly Dictionary<string, int> supplierIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> componentIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> endUseIndex = new(StringComparer.Ordinal);

    // Ids defined in the file, valid or not: a reference to an entity that has its own error is not also "unknown".
    private readonly HashSet<string> declaredSuppliers = new(StringComparer.Ordinal);
    private readonly HashSet<string> declaredComponents = new(StringComparer.Ordinal);
    private readonly HashSet<string> declaredEndUses = new(StringComparer.Ordinal);

    // A table the reader could not load (or that is not a list) makes references into it unverifiable:
    // those checks are skipped rather than reported as a cascade of unknown ids.
    private bool suppliersComplete = true;
    private bool componentsComplete = true;
    private bool endUsesComplete = true;
    private bool supplyComplete = true;
    private bool bomComplete = true;

    // Components named by a supply or bom row that failed: their coverage and share checks would only echo that error.
    private readonly HashSet<string> componentsWithBrokenSupply = new(StringComparer.Ordinal);
    private readonly HashSet<string> componentsWithBrokenBom = new(StringComparer.Ordinal);
    private bool horizonKnown = true;

    private Horizon horizon = new(ModelDefaults.HorizonPeriods, ModelDefaults.HorizonPeriod, null);

    public ValidScenario? Bind()
    {
        var root = read.Mapping(document.Root, "", ScenarioSchema.TopLevel);
        if (root is null)
        {
            return null;
        }
        foreach (var key in ScenarioSchema.RequiredTopLevel)
        {
            if (root.Get(key) is null)
            {
                read.Error(root.Node, $"missing required key '{key}'");
            }
        }
        if (root.Get("supplyshock") is { } version && read.Number(version, "supplyshock") is { } v && v != 1)
        {
            read.Error(version, $"supplyshock: format version {NodeReader.Format(v)} is not supported; this program reads format 1");
        }

        var name = Optional(root, "name", read.Text)?.Trim() ?? Path.GetFileNameWithoutExtension(document.Path);
        var description = Optional(root, "description", read.Text)?.Trim();
        var currency = Optional(root, "currency", read.Text) ?? ModelDefaults.Currency;
        var unit = Optional(root, "unit", read.Text) ?? "";
        if (root.Get("horizon") is { } horizonNode)
        {
            var bound = BindHorizon(horizonNode);
            horizonKnown = bound is not null;
            horizon = bound ?? horizon;
        }

        var suppliers = BindTable(root.Get("suppliers"), "suppliers", BindSupplier, supplierIndex, declaredSuppliers, ref suppliersComplete);
        var components = BindTable(root.Get("components"), "components", BindComponent, componentIndex, declaredComponents, ref componentsComplete);
        var endUses = BindTable(root.Get("end_uses"), "end_uses", BindEndUse, endUseIndex, declaredEndUses, ref endUsesComplete);
        var supply = BindEdges(root.Get("supply"), "supply", (f, p) => BindSupplyEdge(f, p, suppliers), componentsWithBrokenSupply, ref supplyComplete);
        var bom = BindEdges(root.Get("bom"), "bom", BindBomEdge, componentsWithBrokenBom, ref bomComplete);
        CheckEdgeCoverage(components, supply, bom);

        var parameters = BindParameters(root.Get("parameters"));
        var correlations = BindCorrelations(root.Get("correlations"), parameters);
        foreach (var fixedByOverride in correlations.SelectMany(c => new[] { c.A, c.B }).Distinct()
            .Where(n => parameters.Any(p => p.Name == n && p.Distribution is ConstantDistribution) && overrides.Given(n) is not null))
        {
            // The copula still draws it, but a constant ignores its uniform: the correlation moves nothing.
            read.Warning(overrides.Given(fixedByOverride)!.Value, $"--set {fixedByOverride}: the parameter is correlated with others (correlations:), which has no effect while it is fixed");
        }
        var policies = BindPolicies(root.Get("policies"), suppliers, components, endUses);
        CheckParameterUses(parameters, root.Get("parameters"));
        overrides.ReportUnused(read);
        var simulation = root.Get("simulation") is { } simulationNode
            ? BindSimulation(simulationNode)
            : new Simulation(ModelDefaults.Trials, ModelDefaults.Seed, ModelDefaults.DefaultSampler);

        if (read.Bag.HasErrors || simulation is null)
        {
            return null;
        }
        return new ValidScenario
        {
            SourcePath = document.Path,
            Sha256 = document.Sha256,
            Name = name,
            Description = description,
            Currency = currency,
            Unit = unit,
            Horizon = horizon,
            Suppliers = suppliers.Select(s => s.Value).ToArray(),
            Components = components.Select(c => c.Value).ToArray(),
            EndUses = endUses.Select(e => e.Value).ToArray(),
            Supply = supply.Select(s => s.Value).ToArray(),
            Bom = bom.Select(b => b.Value).ToArray(),
            Flows = BuildFlows(supply, bom, components.Count),
            Parameters = parameters,
            Correlations = correlations,
            Policies = policies,
            Simulation = simulation,
            Overrides = overrides.Texts,
        };
    }

    private static T? Optional<T>(Fields fields, string key, Func<SyntaxNode, string, T?> reader)
        where T : class =>
        fields.Get(key) is { } node ? reader(node, fields.At(key)) : null;

    // ---- horizon and simulation (MODEL.md section 2, FORMAT.md) ----

    private Horizon? BindHorizon(SyntaxNode node)
    {
        if (read.Mapping(node, "horizon", ScenarioSchema.Horizon) is not { } f)
        {
            return null;
        }
        var ok = true;
        var periods = ModelDefaults.HorizonPeriods;
        if (f.Get("periods") is { } p)
        {
            var value = read.Integer(p, "horizon.periods", 1, 10_000);
            ok &= value is not null;
            periods = (int)(value ?? 1);
        }
        var kind = ModelDefaults.HorizonPeriod;
        if (f.Get("period") is { } k)
        {
            var word = read.Choice(k, "horizon.period", ["quarter", "month", "year"]);
            ok &= word is not null;
            kind = word switch
            {
                "quarter" => PeriodKind.Quarter,
                "month" => PeriodKind.Month,
                _ => PeriodKind.Year,
            };
        }
        DateOnly? start = null;
        if (f.Get("start") is { } s)
        {
            start = read.Date(s, "horizon.start");
            if (start is { Day: not 1 } d)
            {
                read.Error(s, $"horizon.start: periods start on the first day of a month (got {d:yyyy-MM-dd}); use {d:yyyy-MM}-01");
                start = null;
            }
            ok &= start is not null;
        }
        if (ok && start is { } first)
        {
            var months = periods * new Horizon(periods, kind, null).MonthsPerPeriod;
            if (first.Year + ((first.Month - 1 + months) / 12.0) > 10_000)
            {
                read.Error(f.Node, $"horizon: {periods} periods from {first:yyyy-MM-dd} end after the year 9999");
                ok = false;
            }
        }
        return ok ? new Horizon(periods, kind, start) : null;
    }

    private Simulation? BindSimulation(SyntaxNode node)
    {
        if (read.Mapping(node, "simulation", ScenarioSchema.Simulation) is not { } f)
        {
            return null;
        }
        var trials = f.Get("trials") is { } t ? read.Integer(t, "simulation.trials", 1, int.MaxValue) : ModelDefaults.Trials;
        var seed = f.Get("seed") is { } s ? read.Integer(s, "simulation.seed", 0, long.MaxValue) : ModelDefaults.Seed;
        var sampler = f.Get("sampler") is { } k
            ? read.Choice(k, "simulation.sampler", ["monte-carlo", "latin-hypercube", "sobol"]) switch
            {
                "monte-carlo" => Sampler.MonteCarlo,
                "latin-hypercube" => Sampler.LatinHypercube,
                "sobol" => Sampler.Sobol,
                _ => (Sampler?)null,
            }
            : ModelDefaults.DefaultSampler;
        return trials is null || seed is null || sampler is null ? null : new Simulation((int)trials, seed.Value, sampler.Value);
    }

    // ---- entities (MODEL.md section 1) ----

    private readonly record struct Bound<T>(T Value, SyntaxNode Node);

    private List<Bound<T>> BindTable<T>(
        SyntaxNode? node,
        string table,
        Func<Fields, string, T?> bind,
        Dictionary<string, int> index,
        HashSet<string> declared,
        ref bool complete)
        where T : class
    {
        var result = new List<Bound<T>>();
        var firstSeen = new Dictionary<string, SyntaxNode>(StringComparer.Ordinal);
        if (node is null || read.Sequence(node, table, "a list or the path of a CSV file") is not { } items)
        {
            complete = false;
            return result;
        }
        var schema = ScenarioSchema.Tables.First(t => t.Key == table);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{table}[{i}]";
            if (read.Mapping(items[i], path, schema.Columns) is not { } f)
            {
                complete = false;
                continue;
            }
            var idNode = f.Require("id");
            var id = idNode is null ? null : read.Id(idNode, f.At("id"));
            if (id is null)
            {
                // Already reported; references to this exact text stay quiet, other unknown ids are still caught.
                if (idNode is ScalarNode raw)
                {
                    declared.Add(raw.Text);
                }
            }
            else if (firstSeen.TryGetValue(id, out var first))
            {
                read.Error(idNode!, $"{f.At("id")}: duplicate id '{id}' (first defined at line {first.Location.Line}); ids must be unique");
                continue;
            }
            else
            {
                firstSeen[id] = idNode!;
                declared.Add(id);
            }
            if (bind(f, id ?? "") is { } value && id is not null)
            {
                index[id] = result.Count;
                result.Add(new Bound<T>(value, f.Node));
            }
        }
        return result;
    }

    private Supplier? BindSupplier(Fields f, string id)
    {
        var name = Optional(f, "name", read.Text) ?? id;
        var country = f.Require("country") is { } c ? read.Country(c, f.At("country")) : null;
        bool? us = f.Get("us") is { } u ? read.Bool(u, f.At("us")) : country == ModelDefaults.UsCountry;
        return country is null || us is null ? null : new Supplier(id, name, country, us.Value);
    }

    private Component? BindComponent(Fields f, string id)
    {
        var name = Optional(f, "name", read.Text) ?? id;
        var tags = Tags(f);
        var key = $"components.{id}";
        var stockpile = Uncertain(f, "stockpile", key, ValueRange.NonNegative, ModelDefaults.Stockpile);
        var substitution = Uncertain(f, "substitution", key, ValueRange.Unit, ModelDefaults.Substitution);
        var ramp = Uncertain(f, "ramp", key, ValueRange.NonNegative, ModelDefaults.Ramp);
        return tags is null || stockpile is null || substitution is null || ramp is null
            ? null
            : new Component(id, name, tags, stockpile, substitution, ramp);
    }

    private EndUse? BindEndUse(Fields f, string id)
    {
        var name = Optional(f, "name", read.Text) ?? id;
        var tags = Tags(f);
        var demand = Uncertain(f, "demand", $"end_uses.{id}", ValueRange.Unit, ModelDefaults.Demand);
        return tags is null || demand is null ? null : new EndUse(id, name, tags, demand);
    }

    private IReadOnlyList<string>? Tags(Fields f)
    {
        if (f.Get("tags") is not { } node)
        {
            return [];
        }
        if (read.Sequence(node, f.At("tags"), "a list of tags") is not { } items)
        {
            return null;
        }
        var tags = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (read.Text(items[i], $"{f.At("tags")}[{i}]") is { } tag)
            {
                tags.Add(tag);
            }
        }
        return tags.Count == items.Count ? tags.Distinct().ToArray() : null;
    }

    // ---- edges (MODEL.md section 1) ----

    private List<Bound<T>> BindEdges<T>(SyntaxNode? node, string table, Func<Fields, string, T?> bind, HashSet<string> brokenComponents, ref bool complete)
        where T : class
    {
        var result = new List<Bound<T>>();
        if (node is null || read.Sequence(node, table, "a list or the path of a CSV file") is not { } items)
        {
            complete = false;
            return result;
        }
        var schema = ScenarioSchema.Tables.First(t => t.Key == table);
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"{table}[{i}]";
            var f = read.Mapping(items[i], path, schema.Columns);
            if (f is not null && bind(f, path) is { } value)
            {
                result.Add(new Bound<T>(value, f.Node));
            }
            else if (f?.Get("component") is ScalarNode { IsNull: false } component)
            {
                brokenComponents.Add(component.Text);
            }
            else
            {
                complete = false;
            }
        }
        return result;
    }

    private int? Reference(Fields f, string key, Dictionary<string, int> index, HashSet<string> declared, bool complete, string what)
    {
        if (f.Require(key) is not { } node || read.Text(node, f.At(key)) is not { } id)
        {
            return null;
        }
        if (index.TryGetValue(id, out var i))
        {
            return i;
        }
        if (complete && !declared.Contains(id))
        {
            read.Error(node, $"{f.At(key)}: unknown {what} '{id}'{Suggestions.DidYouMean(id, declared)}");
        }
        return null;
    }

    private SupplyEdge? BindSupplyEdge(Fields f, string path, List<Bound<Supplier>> suppliers)
    {
        var s = Reference(f, "supplier", supplierIndex, declaredSuppliers, suppliersComplete, "supplier");
        var c = Reference(f, "component", componentIndex, declaredComponents, componentsComplete, "component");
        var value = f.Require("value") is { } v ? read.Number(v, f.At("value"), ValueRange.NonNegative) : null;
        var origin = f.Get("origin") is { } o ? read.Country(o, f.At("origin")) : s is { } si ? suppliers[si].Value.Country : null;
        double? usContent = f.Get("us_content") is { } u
            ? read.Number(u, f.At("us_content"), ValueRange.Unit)
            : origin == ModelDefaults.UsCountry ? ModelDefaults.UsContentUsOrigin : ModelDefaults.UsContentForeignOrigin;
        bool? fdp = f.Get("fdp") is { } d ? read.Bool(d, f.At("fdp")) : false;
        if (s is null || c is null || value is null || origin is null || usContent is null || fdp is null)
        {
            return null;
        }
        return new SupplyEdge(s.Value, c.Value, value.Value, origin, usContent.Value, fdp.Value);
    }

    private BomEdge? BindBomEdge(Fields f, string path)
    {
        var c = Reference(f, "component", componentIndex, declaredComponents, componentsComplete, "component");
        var e = Reference(f, "end_use", endUseIndex, declaredEndUses, endUsesComplete, "end use");
        var share = f.Require("share") is { } s ? read.Number(s, f.At("share"), ValueRange.Unit) : null;
        double? critical = ModelDefaults.Critical;
        if (f.Get("critical") is ScalarNode { IsPlain: true } k && ScalarText.ParseBool(k.Text) is { } flag)
        {
            critical = flag ? 1 : 0; // MODEL.md section 1: true = 1, false = 0
        }
        else if (f.Get("critical") is { } n)
        {
            critical = read.Number(n, f.At("critical"), ValueRange.Unit);
        }
        if (c is null || e is null || share is null || critical is null)
        {
            return null;
        }
        return new BomEdge(c.Value, e.Value, share.Value, critical.Value);
    }

    /// <summary>MODEL.md section 1: no duplicate edges; a component with supply has bom edges whose shares sum to 1, and only such a component has bom edges.</summary>
    private void CheckEdgeCoverage(List<Bound<Component>> components, List<Bound<SupplyEdge>> supply, List<Bound<BomEdge>> bom)
    {
        var supplyEdges = new Dictionary<(int, int), SyntaxNode>();
        var suppliedAt = new Dictionary<int, SyntaxNode>();
        foreach (var edge in supply)
        {
            var key = (edge.Value.Supplier, edge.Value.Component);
            if (supplyEdges.TryGetValue(key, out var first))
            {
                read.Error(edge.Node, $"supply: duplicate edge from supplier '{SupplierId(key.Supplier)}' of component '{components[key.Component].Value.Id}' (first at line {first.Location.Line}); merge the two rows");
                continue;
            }
            supplyEdges[key] = edge.Node;
            suppliedAt.TryAdd(edge.Value.Component, edge.Node);
        }

        var bomEdges = new Dictionary<(int, int), SyntaxNode>();
        var shareSums = new Dictionary<int, (double Sum, SyntaxNode First)>();
        foreach (var edge in bom)
        {
            var key = (edge.Value.Component, edge.Value.EndUse);
            var componentId = components[key.Component].Value.Id;
            if (bomEdges.TryGetValue(key, out var first))
            {
                read.Error(edge.Node, $"bom: duplicate edge from component '{componentId}' to end use '{EndUseId(key.EndUse)}' (first at line {first.Location.Line}); merge the two rows");
                continue;
            }
            bomEdges[key] = edge.Node;
            if (supplyComplete && !suppliedAt.ContainsKey(key.Component) && !componentsWithBrokenSupply.Contains(componentId))
            {
                read.Error(edge.Node, $"bom: component '{componentId}' has a bom edge but no supply; add a supply row for it or remove this edge");
            }
            shareSums[key.Component] = shareSums.TryGetValue(key.Component, out var s)
                ? (s.Sum + edge.Value.Share, s.First)
                : (edge.Value.Share, edge.Node);
        }

        if (!bomComplete)
        {
            return;
        }
        foreach (var (component, node) in suppliedAt)
        {
            var id = components[component].Value.Id;
            if (componentsWithBrokenBom.Contains(id))
            {
                continue;
            }
            if (!shareSums.TryGetValue(component, out var sum))
            {
                read.Error(components[component].Node, $"components: component '{id}' has supply (line {node.Location.Line}) but no bom edge; add bom rows that say which end uses it goes into");
            }
            else if (Math.Abs(sum.Sum - 1) > ModelDefaults.ShareSumTolerance)
            {
                read.Error(sum.First, $"bom: shares of component '{id}' sum to {NodeReader.Format(Math.Round(sum.Sum, 9))}, expected 1 (within 1e-6)");
            }
        }
    }

    private string SupplierId(int i) => supplierIndex.First(p => p.Value == i).Key;

    private string EndUseId(int i) => endUseIndex.First(p => p.Value == i).Key;

    private static IReadOnlyList<Flow> BuildFlows(List<Bound<SupplyEdge>> supply, List<Bound<BomEdge>> bom, int componentCount)
    {
        var bomByComponent = new List<int>[componentCount];
        for (var b = 0; b < bom.Count; b++)
        {
            (bomByComponent[bom[b].Value.Component] ??= []).Add(b);
        }
        var flows = new List<Flow>();
        for (var s = 0; s < supply.Count; s++)
        {
            var edge = supply[s].Value;
            foreach (var b in bomByComponent[edge.Component] ?? [])
            {
                var bomEdge = bom[b].Value;
                flows.Add(new Flow(s, b, edge.Supplier, edge.Component, bomEdge.EndUse, edge.Value * bomEdge.Share));
            }
        }
        return flows;
    }

    // ---- uncertain inputs and parameters (MODEL.md section 3) ----

    /// <summary>An uncertain input: a number, an inline distribution keyed by its place, or <c>$name</c>.</summary>
    private UncertainValue? Uncertain(Fields f, string key, string placePrefix, ValueRange range, double defaultValue)
    {
        var place = $"{placePrefix}.{key}";
        return overrides.Take(place) is { } set ? Uncertain(set.Value, $"--set {place}", place, range)
            : f.Get(key) is { } node ? Uncertain(node, f.At(key), place, range)
            : new FixedValue(defaultValue);
    }

    private UncertainValue? Uncertain(SyntaxNode node, string path, string place, ValueRange range)
    {
        if (node is ScalarNode { IsPlain: true } s && s.Text.StartsWith('$'))
        {
            var name = s.Text[1..];
            if (read.Id(new ScalarNode(s.Location, name, true), path) is null)
            {
                return null;
            }
            parameterUses.Add(new ParameterUse(name, s, path, range));
            return new ParameterReference(name);
        }
        if (node is MappingNode)
        {
            if (Distribution(node, path) is not { } distribution)
            {
                return null;
            }
            if (!range.Contains(distribution.Support))
            {
                read.Error(node, $"{path}: the distribution ranges over {distribution.Support}, outside the input's range {range}{RangeAdvice(distribution)}");
                return null;
            }
            return new InlineDistribution(place, distribution);
        }
        if (node is ScalarNode { IsNull: false })
        {
            return read.Number(node, path, range) is { } x ? new FixedValue(x) : null;
        }
        if (node is not InvalidNode)
        {
            read.Error(node, $"{path}: expected a number, a distribution or a $parameter (got {node.Describe()})");
        }
        return null;
    }

    private static string RangeAdvice(Distribution distribution) => distribution switch
    {
        LogNormalDistribution => "; use a bounded distribution such as pert, triangular or beta (a lognormal takes no min and max)",
        ConstantDistribution => "",
        _ => "; bound it (for example with min and max)",
    };

    private Distribution? Distribution(SyntaxNode node, string path)
    {
        if (node is not MappingNode mapping)
        {
            read.Error(node, $"{path}: expected a distribution such as {{ dist: uniform, min: 0, max: 1 }} (got {node.Describe()})");
            return null;
        }
        var kinds = ScenarioSchema.DistributionKeys.Keys.ToArray();
        if (mapping.Find("dist") is not { } distEntry)
        {
            read.Error(node, $"{path}: a distribution needs 'dist' (one of {string.Join(", ", kinds)})");
            return null;
        }
        if (read.Choice(distEntry.Value, NodeReader.Join(path, "dist"), kinds) is not { } kind)
        {
            return null;
        }
        var f = read.Mapping(node, path, ["dist", .. ScenarioSchema.DistributionKeys[kind]])!;
        return new DistributionBinder(read, f, kind).Bind();
    }

    private static readonly HashSet<string> ReservedParameterNames =
        ["trial", "policy", Sensitivity.SensitivityAnalysis.Licences, .. Engine.MetricLayout.ScalarNames];

    private IReadOnlyList<Parameter> BindParameters(SyntaxNode? node)
    {
        var result = new List<Parameter>();
        if (node is null)
        {
            return result;
        }
        if (node is not MappingNode mapping)
        {
            read.Error(node, $"parameters: expected a mapping of names to distributions (got {node.Describe()})");
            return result;
        }
        foreach (var entry in mapping.Entries)
        {
            var set = overrides.Take(entry.Key.Text);
            var (path, value) = set is null ? ($"parameters.{entry.Key.Text}", entry.Value) : ($"--set {entry.Key.Text}", set.Value);
            if (read.Id(entry.Key, path) is null)
            {
                continue;
            }
            if (ReservedParameterNames.Contains(entry.Key.Text))
            {
                // trials.parquet has a column per metric, per input and for the trial and policy; sensitivity names the licence draws 'licences'.
                read.Error(entry.Key, $"{path}: '{entry.Key.Text}' is the name of a metric or a column of the per-trial file; choose another name (e.g. '{entry.Key.Text}_share')");
                continue;
            }
            if (entry.Key.Text.Contains('.'))
            {
                // An inline distribution's key is its place (components.fpga.substitution): a name with a dot could be one.
                read.Error(entry.Key, $"{path}: a parameter name cannot contain '.'; use '_' or '-'");
                continue;
            }
            var distribution = value is MappingNode
                ? Distribution(value, path)
                : read.Number(value, path) is { } constant ? new ConstantDistribution(constant) : null;
            if (distribution is not null)
            {
                result.Add(new Parameter(entry.Key.Text, distribution));
            }
        }
        return result;
    }

    /// <summary>Every <c>$name</c> must be defined and fit the range of every input that uses it; an unused parameter is a warning.</summary>
    private void CheckParameterUses(IReadOnlyList<Parameter> parameters, SyntaxNode? parametersNode)
    {
        var byName = parameters.ToDictionary(p => p.Name);
        var declared = parametersNode is MappingNode m ? m.Entries.Select(e => e.Key.Text).ToHashSet() : [];
        foreach (var use in parameterUses)
        {
            if (byName.TryGetValue(use.Name, out var parameter))
            {
                if (!use.Range.Contains(parameter.Distribution.Support))
                {
                    var from = overrides.Given(use.Name) is { } set ? $" (from --set {set.Text})" : "";
                    var what = parameter.Distribution is ConstantDistribution c
                        ? $"parameter '{use.Name}' is {NodeReader.Format(c.Value)}{from}"
                        : $"parameter '{use.Name}' ranges over {parameter.Distribution.Support}{from}";
                    read.Error(use.Node, $"{use.Path}: {what}, outside the input's range {use.Range}{RangeAdvice(parameter.Distribution)}");
                }
            }
            else if (!declared.Contains(use.Name))
            {
                var hint = Suggestions.Closest(use.Name, declared) is { } near
                    ? $"; did you mean '${near}'? (or define it under parameters:)"
                    : "; define it under parameters:";
                read.Error(use.Node, $"{use.Path}: undefined parameter '${use.Name}'{hint}");
            }
        }
        if (parametersNode is MappingNode mapping)
        {
            var used = parameterUses.Select(u => u.Name).ToHashSet();
            foreach (var entry in mapping.Entries.Where(e => !used.Contains(e.Key.Text) && byName.ContainsKey(e.Key.Text)))
            {
                read.Warning(entry.Key, $"parameters.{entry.Key.Text}: parameter '{entry.Key.Text}' is not used by any $name");
            }
        }
    }

    /// <summary>MODEL.md section 3: a Gaussian copula whose matrix, in the order of parameters:, must be positive definite.</summary>
    private IReadOnlyList<Correlation> BindCorrelations(SyntaxNode? node, IReadOnlyList<Parameter> parameters)
    {
        var result = new List<Correlation>();
        if (node is null || read.Sequence(node, "correlations", "a list of [parameter, parameter, rho]") is not { } items)
        {
            return result;
        }
        var names = parameters.Select(p => p.Name).ToList();
        var seen = new Dictionary<(string, string), SyntaxNode>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var path = $"correlations[{i}]";
            if (read.Sequence(items[i], path, "a list [parameter, parameter, rho]") is not { } triple)
            {
                ok = false;
                continue;
            }
            if (triple.Count != 3)
            {
                read.Error(items[i], $"{path}: expected [parameter, parameter, rho] (got {triple.Count} items)");
                ok = false;
                continue;
            }
            var a = CorrelatedName(triple[0], $"{path}[0]", names);
            var b = CorrelatedName(triple[1], $"{path}[1]", names);
            var rho = read.Number(triple[2], $"{path}[2]", new ValueRange(-1, 1));
            if (a is null || b is null || rho is null)
            {
                ok = false;
                continue;
            }
            if (a == b)
            {
                read.Error(triple[1], $"{path}: a parameter cannot be correlated with itself ('{a}')");
                ok = false;
                continue;
            }
            var pair = string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);
            if (seen.TryGetValue(pair, out var first))
            {
                read.Error(items[i], $"{path}: the correlation of '{a}' and '{b}' is given twice (first at line {first.Location.Line})");
                ok = false;
                continue;
            }
            seen[pair] = items[i];
            result.Add(new Correlation(a, b, rho.Value));
        }
        if (ok && result.Count > 0 && !CorrelationMatrix.IsPositiveDefinite(names, result))
        {
            read.Error(node, "correlations: the correlation matrix is not positive definite; these correlations cannot hold together (lower some of them)");
        }
        return result;
    }

    private string? CorrelatedName(SyntaxNode node, string path, List<string> names)
    {
        if (read.Text(node, path) is not { } text)
        {
            return null;
        }
        var name = text.StartsWith('$') ? text[1..] : text;
        if (names.Contains(name))
        {
            return name;
        }
        var hint = Suggestions.Closest(name, names) is { } near
            ? $"; did you mean '{near}'? (correlations name entries of parameters:)"
            : "; correlations name entries of parameters:";
        read.Error(node, $"{path}: unknown parameter '{name}'{hint}");
        return null;
    }

    // ---- policies (MODEL.md section 4) ----

    private IReadOnlyList<Policy> BindPolicies(
        SyntaxNode? node,
        List<Bound<Supplier>> suppliers,
        List<Bound<Component>> components,
        List<Bound<EndUse>> endUses)
    {
        if (node is null)
        {
            return [];
        }
        if (node is not MappingNode mapping)
        {
            read.Error(node, $"policies: expected a mapping of policy names to policies (got {node.Describe()})");
            return [];
        }
        if (mapping.Entries.Count == 0)
        {
            read.Error(node, "policies: a scenario needs at least one policy");
            return [];
        }
        var bodies = new Dictionary<string, Fields>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var path = $"policies.{entry.Key.Text}";
            if (read.Id(entry.Key, path) is not null && read.Mapping(entry.Value, path, ScenarioSchema.Policy) is { } f)
            {
                bodies[entry.Key.Text] = f;
            }
        }
        var binder = new PolicyBinder(read, horizon, Uncertain, overrides)
        {
            HorizonKnown = horizonKnown,
            Suppliers = suppliersComplete ? suppliers.Select(s => s.Value).ToArray() : null,
            Components = componentsComplete ? components.Select(c => c.Value).ToArray() : null,
            EndUses = endUsesComplete ? endUses.Select(e => e.Value).ToArray() : null,
            SupplierIndex = supplierIndex,
            ComponentIndex = componentIndex,
            EndUseIndex = endUseIndex,
            DeclaredSuppliers = declaredSuppliers,
            DeclaredComponents = declaredComponents,
            DeclaredEndUses = declaredEndUses,
            PolicyOrder = mapping.Entries.Select(e => e.Key.Text).ToArray(),
        };
        var result = new List<Policy>();
        foreach (var entry in mapping.Entries)
        {
            if (bodies.ContainsKey(entry.Key.Text) && binder.Bind(entry.Key.Text, bodies) is { } policy)
            {
                result.Add(policy);
            }
        }
        return result;
    }

    internal delegate UncertainValue? UncertainReader(SyntaxNode node, string path, string place, ValueRange range);
}
