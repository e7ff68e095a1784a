namespace SupplyShock.Core.Validation;

using SupplyShock.Core.Model;
using SupplyShock.Core.Syntax;

/// <summary>Reads policies with <c>extends</c> resolved, and their rules (MODEL.md section 4).</summary>
internal sealed class PolicyBinder(NodeReader read, Horizon horizon, ScenarioBinder.UncertainReader uncertain, OverrideTable overrides)
{
    /// <summary>Null when the table could not be read whole, so that references into it are not checked.</summary>
    public required IReadOnlyList<Supplier>? Suppliers { get; init; }

    public required IReadOnlyList<Component>? Components { get; init; }

    public required IReadOnlyList<EndUse>? EndUses { get; init; }

    public required IReadOnlyDictionary<string, int> SupplierIndex { get; init; }

    public required IReadOnlyDictionary<string, int> ComponentIndex { get; init; }

    public required IReadOnlyDictionary<string, int> EndUseIndex { get; init; }

    /// <summary>False when the horizon itself had an error: period bounds and dates are then not checked against it.</summary>
    public required bool HorizonKnown { get; init; }

    public required IReadOnlySet<string> DeclaredSuppliers { get; init; }

    public required IReadOnlySet<string> DeclaredComponents { get; init; }

    public required IReadOnlySet<string> DeclaredEndUses { get; init; }

    /// <summary>Policy names in file order, so a cycle is reported once, from its first policy.</summary>
    public required IReadOnlyList<string> PolicyOrder { get; init; }

    private readonly record struct Inherited(SyntaxNode Node, string Owner);

    public Policy? Bind(string name, IReadOnlyDictionary<string, Fields> bodies)
    {
        if (Chain(name, bodies) is not { } chain)
        {
            return null;
        }
        // Keys given in a policy replace its parent's; each value remembers the policy that wrote it, so an
        // inherited inline distribution keeps its place as key and is the same draw in both (MODEL.md section 3).
        var effective = new Dictionary<string, Inherited>();
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            foreach (var entry in bodies[chain[i]].Node.Entries.Where(e => e.Key.Text != "extends"))
            {
                effective[entry.Key.Text] = new Inherited(entry.Value, chain[i]);
            }
        }

        var ok = true;
        T Value<T>(string key, T fallback, Func<SyntaxNode, string, T?> reader)
            where T : struct
        {
            if (!effective.TryGetValue(key, out var v))
            {
                return fallback;
            }
            var result = reader(v.Node, $"policies.{v.Owner}.{key}");
            ok &= result is not null;
            return result ?? fallback;
        }
        UncertainValue Uncertain(string key, double fallback)
        {
            // --set names this policy's value, or the place it is written (a parent's, for an inherited value).
            var own = $"policies.{name}.{key}";
            var inherited = effective.TryGetValue(key, out var v) && v.Owner != name ? $"policies.{v.Owner}.{key}" : null;
            if ((overrides.Take(own) ?? (inherited is null ? null : overrides.Take(inherited))) is { } set)
            {
                var place = set.Name;
                var value = uncertain(set.Value, $"--set {place}", place, ValueRange.Unit);
                ok &= value is not null;
                return value ?? new FixedValue(fallback);
            }
            if (v.Node is null)
            {
                return new FixedValue(fallback);
            }
            var path = $"policies.{v.Owner}.{key}";
            var result = uncertain(v.Node, path, path, ValueRange.Unit);
            ok &= result is not null;
            return result ?? new FixedValue(fallback);
        }

        var listed = Value("listed", ModelDefaults.Listed, read.Bool);
        var deMinimis = Value("de_minimis", ModelDefaults.DeMinimis, (n, p) => read.Number(n, p, ValueRange.Unit));
        var fdpr = effective.TryGetValue("fdpr", out var fdprNode) ? BindFdpr(fdprNode.Node, $"policies.{fdprNode.Owner}.fdpr") : Fdpr.Off;
        ok &= fdpr is not null;
        var leakage = Uncertain("leakage", ModelDefaults.Leakage);
        var leakageRevenue = Uncertain("leakage_revenue", ModelDefaults.LeakageRevenue);
        var decoupling = Uncertain("decoupling", ModelDefaults.Decoupling);
        string? description = null;
        if (effective.TryGetValue("description", out var d))
        {
            description = read.Text(d.Node, $"policies.{d.Owner}.description")?.Trim();
        }
        IReadOnlyList<PolicyRule> rules = [];
        if (effective.TryGetValue("rules", out var r))
        {
            var bound = BindRules(r.Node, r.Owner);
            ok &= bound is not null;
            rules = bound ?? [];
        }
        var parent = chain.Count > 1 ? chain[1] : null;
        return ok
            ? new Policy(name, description, parent, listed, deMinimis, fdpr!, rules, leakage, leakageRevenue, decoupling)
            : null;
    }

    /// <summary>The policy and its ancestors, nearest first; null (reported) on an unknown parent or a cycle.</summary>
    private List<string>? Chain(string name, IReadOnlyDictionary<string, Fields> bodies)
    {
        var chain = new List<string> { name };
        var current = name;
        while (bodies[current].Get("extends") is { } node)
        {
            var path = $"policies.{current}.extends";
            if (read.Id(node, path) is not { } parent)
            {
                return null;
            }
            if (!bodies.ContainsKey(parent))
            {
                read.Error(node, $"{path}: unknown policy '{parent}'{Suggestions.DidYouMean(parent, bodies.Keys.Where(k => k != current))}");
                return null;
            }
            if (chain.Contains(parent))
            {
                ReportCycle(chain.Skip(chain.IndexOf(parent)).ToList(), bodies);
                return null;
            }
            chain.Add(parent);
            current = parent;
        }
        return chain;
    }

    /// <summary>One error per cycle, at the extends of its first policy in file order, read from there.</summary>
    private void ReportCycle(List<string> cycle, IReadOnlyDictionary<string, Fields> bodies)
    {
        var first = PolicyOrder.First(cycle.Contains);
        var start = cycle.IndexOf(first);
        var path = cycle.Skip(start).Concat(cycle.Take(start)).Append(first);
        read.Error(bodies[first].Get("extends")!, $"policies.{first}.extends: extends cycle {string.Join(" -> ", path)}; a policy cannot extend itself, directly or through others");
    }

    /// <summary>fdpr: true, false, or a date from whose period on the rule is in force.</summary>
    private Fdpr? BindFdpr(SyntaxNode node, string path)
    {
        if (node is ScalarNode { IsPlain: true } s && ScalarText.ParseBool(s.Text) is { } flag)
        {
            return flag ? new Fdpr(true, null, 0) : Fdpr.Off;
        }
        if (node is ScalarNode d && ScalarText.LooksLikeDate(d.Text))
        {
            return DatedPeriod(node, path, "or use true or false") is { } p ? new Fdpr(true, p.Date, p.Period) : null;
        }
        read.Error(node, $"{path}: expected true, false or a date YYYY-MM-DD (got {node.Describe()})");
        return null;
    }

    private (int Period, DateOnly Date)? DatedPeriod(SyntaxNode node, string path, string instead)
    {
        if (read.Date(node, path) is not { } date)
        {
            return null;
        }
        if (!HorizonKnown)
        {
            return null;
        }
        if (horizon.Start is null)
        {
            read.Error(node, $"{path}: a date needs a dated horizon; add start: YYYY-MM-01 under horizon:, {instead}");
            return null;
        }
        return (horizon.FirstPeriodOnOrAfter(date), date);
    }

    private IReadOnlyList<PolicyRule>? BindRules(SyntaxNode node, string owner)
    {
        var path = $"policies.{owner}.rules";
        if (read.Sequence(node, path, "a list of rules") is not { } items)
        {
            return null;
        }
        var rules = new List<PolicyRule>();
        var names = new Dictionary<string, SyntaxNode>(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            var rule = BindRule(items[i], $"{path}[{i}]", owner, i, names);
            ok &= rule is not null;
            if (rule is not null)
            {
                rules.Add(rule);
            }
        }
        return ok ? rules : null;
    }

    private PolicyRule? BindRule(SyntaxNode node, string path, string owner, int index, Dictionary<string, SyntaxNode> names)
    {
        if (read.Mapping(node, path, ScenarioSchema.Rule) is not { } f)
        {
            return null;
        }
        var ok = true;
        string? name = null;
        if (f.Get("name") is { } nameNode)
        {
            name = read.Text(nameNode, f.At("name"));
            if (name is not null && System.Text.RegularExpressions.Regex.IsMatch(name, @"^#[0-9]+$"))
            {
                read.Error(nameNode, $"{f.At("name")}: names of the form #N are the keys of unnamed rules; choose another name");
                name = null;
            }
            ok &= name is not null;
            if (name is not null && !names.TryAdd(name, nameNode))
            {
                read.Error(nameNode, $"{f.At("name")}: two rules of policy '{owner}' are named '{name}' (the first at line {names[name].Location.Line}); rule names must be unique within a policy");
                ok = false;
            }
        }
        var key = name ?? $"#{index}";

        var suppliers = Ids(f, "supplier", SupplierIndex, DeclaredSuppliers, Suppliers is not null, "supplier", ref ok);
        var components = Ids(f, "component", ComponentIndex, DeclaredComponents, Components is not null, "component", ref ok);
        var endUses = Ids(f, "end_use", EndUseIndex, DeclaredEndUses, EndUses is not null, "end use", ref ok);
        var countries = Words(f, "supplier_country", ref ok, (n, p) => read.Country(n, p));
        var componentTags = Words(f, "component_tags", ref ok, read.Text);
        var endUseTags = Words(f, "end_use_tags", ref ok, read.Text);
        WarnUnmatched(f, "supplier_country", countries, Suppliers?.Select(s => s.Country), "no supplier is in country");
        WarnUnmatched(f, "component_tags", componentTags, Components?.SelectMany(c => c.Tags), "no component carries tag");
        WarnUnmatched(f, "end_use_tags", endUseTags, EndUses?.SelectMany(e => e.Tags), "no end use carries tag");

        var from = f.Get("from") is { } fromNode ? Bound(fromNode, f.At("from")) : (0, null);
        var until = f.Get("until") is { } untilNode ? Bound(untilNode, f.At("until")) : (horizon.Periods, null);
        ok &= from is not null && until is not null;
        if (from is { } lo && until is { } hi)
        {
            var after = lo.Date is { } a && hi.Date is { } b ? a > b : lo.Period > hi.Period;
            if (after)
            {
                read.Error(f.Get("from")!, $"{path}: 'from' ({Text(f.Get("from")!)}) is after 'until' ({Text(f.Get("until")!)}); swap them");
                ok = false;
            }
            else if (lo.Period == hi.Period)
            {
                var span = lo.Period < horizon.Periods ? $"both fall in period {lo.Period} ({horizon.Label(lo.Period)})" : "both fall at or after the horizon's end";
                read.Warning(f.Get("from") ?? f.Get("until") ?? f.Node, $"{path}: the rule is never active: 'from' and 'until' {span}");
            }
        }

        RuleAction? action = null;
        if (f.Require("action") is { } actionNode)
        {
            action = read.Choice(actionNode, f.At("action"), ["allow", "deny", "license"]) switch
            {
                "allow" => RuleAction.Allow,
                "deny" => RuleAction.Deny,
                "license" => RuleAction.License,
                _ => null,
            };
        }
        ok &= action is not null;
        UncertainValue? approval = null;
        var approvalNode = f.Get("approval");
        if (action == RuleAction.License)
        {
            if (approvalNode is null)
            {
                read.Error(f.Node, $"{path}: action 'license' needs 'approval' (the probability that a licence is granted, 0 to 1)");
                ok = false;
            }
            else
            {
                var place = $"policies.{owner}.rules.{key}.approval";
                approval = overrides.Take(place) is { } set
                    ? uncertain(set.Value, $"--set {place}", place, ValueRange.Unit)
                    : uncertain(approvalNode, f.At("approval"), place, ValueRange.Unit);
                ok &= approval is not null;
            }
        }
        else if (action is not null && approvalNode is not null)
        {
            read.Error(approvalNode, $"{f.At("approval")}: 'approval' applies only to action 'license'; remove it or change the action");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }
        var match = new RuleMatch(suppliers, countries, components, componentTags, endUses, endUseTags);
        return new PolicyRule(key, name, match, from!.Value.Period, until!.Value.Period, action!.Value, approval);
    }

    private static string Text(SyntaxNode? node) => node is ScalarNode s ? s.Text : "?";

    /// <summary>A rule's from/until: a period number 0..P, or a date resolved to the first period starting on or after it.</summary>
    private (int Period, DateOnly? Date)? Bound(SyntaxNode node, string path)
    {
        if (node is ScalarNode s && ScalarText.LooksLikeDate(s.Text))
        {
            return DatedPeriod(node, path, "or give a period number") is { } p ? (p.Period, p.Date) : null;
        }
        return read.Integer(node, path, 0, HorizonKnown ? horizon.Periods : int.MaxValue) is { } t ? ((int)Math.Min(t, horizon.Periods), null) : null;
    }

    private IReadOnlyList<int>? Ids(Fields f, string key, IReadOnlyDictionary<string, int> index, IReadOnlySet<string> declared, bool complete, string what, ref bool ok)
    {
        if (f.Get(key) is not { } node)
        {
            return null;
        }
        if (read.OneOrMany(node, f.At(key)) is not { } items)
        {
            ok = false;
            return null;
        }
        var result = new List<int>();
        foreach (var item in items)
        {
            if (index.TryGetValue(item.Text, out var i))
            {
                result.Add(i);
            }
            else
            {
                if (complete && !declared.Contains(item.Text))
                {
                    read.Error(item, $"{f.At(key)}: unknown {what} '{item.Text}'{Suggestions.DidYouMean(item.Text, declared)}");
                }
                ok = false;
            }
        }
        return result;
    }

    private IReadOnlyList<string>? Words(Fields f, string key, ref bool ok, Func<SyntaxNode, string, string?> reader)
    {
        if (f.Get(key) is not { } node)
        {
            return null;
        }
        if (read.OneOrMany(node, f.At(key)) is not { } items)
        {
            ok = false;
            return null;
        }
        var result = new List<string>();
        foreach (var item in items)
        {
            if (reader(item, f.At(key)) is { } word)
            {
                result.Add(word);
            }
            else
            {
                ok = false;
            }
        }
        return result;
    }

    /// <summary>A tag or country that nothing carries makes the rule match nothing there: a warning (FORMAT.md).</summary>
    private void WarnUnmatched(Fields f, string key, IReadOnlyList<string>? words, IEnumerable<string>? carried, string message)
    {
        if (words is null || carried is null || f.Get(key) is not { } node)
        {
            return;
        }
        var known = carried.ToHashSet(StringComparer.Ordinal);
        var items = node is SequenceNode s ? s.Items : [node];
        foreach (var item in items.OfType<ScalarNode>().Where(i => !known.Contains(i.Text)))
        {
            read.Warning(item, $"{f.At(key)}: {message} '{item.Text}'{Suggestions.DidYouMean(item.Text, known)}");
        }
    }
}
