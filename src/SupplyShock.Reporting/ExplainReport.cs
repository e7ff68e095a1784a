namespace SupplyShock.Reporting;

using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;
using SupplyShock.Core.Sampling;

/// <summary>
/// What <c>supplyshock explain</c> prints: per policy, its rules, and for each supply edge and end use whether the
/// flow is subject (and why) and which rule decides it in each period. End uses with the same story are grouped.
/// </summary>
public static class ExplainReport
{
    public static void WriteText(TextWriter w, ValidScenario s, IReadOnlyList<PolicyExplanation> explanations)
    {
        w.WriteLine($"{s.Name} ({s.SourcePath}): {Numbers.Count(s.Policies.Count, "policy", "policies")}, {Numbers.Count(s.Flows.Count, "flow", "flows")}, {ValidationReport.DescribeHorizon(s.Horizon)}");
        foreach (var o in s.Overrides)
        {
            w.WriteLine($"  with --set {o}");
        }
        WriteInputs(w, s);
        foreach (var e in explanations)
        {
            w.WriteLine();
            WritePolicy(w, s, e);
        }
    }

    /// <summary>
    /// Every uncertain input by the name that <c>--set</c>, <c>--save-trials</c> and sensitivity analysis use: a named
    /// parameter by its name, an inline distribution by its place; one draw per trial, the same for every policy. The
    /// licence draws (one uniform per supply edge a 'license' rule can reach, MODEL.md section 4) are the group 'licences'.
    /// </summary>
    private static void WriteInputs(TextWriter w, ValidScenario s)
    {
        var model = ModelCompiler.Compile(s, RunOptions.From(s));
        var inputs = model.Sampler.Inputs;
        w.WriteLine();
        w.WriteLine(inputs.Count == 0 && model.LicenceEdges.Length == 0
            ? "uncertain inputs: none; every trial is the same"
            : "uncertain inputs (the names --set and sensitivity analysis use; one draw per trial, shared by every policy):");
        var width = inputs.Select(i => i.Key.Length).DefaultIfEmpty(0).Max();
        foreach (var input in inputs)
        {
            w.WriteLine($"  {input.Key.PadRight(width)}  {input.Distribution.Describe()}{(input.IsNamedParameter ? "" : "  (inline)")}");
        }
        if (model.LicenceEdges.Length > 0)
        {
            w.WriteLine($"  {"licences".PadRight(width)}  one uniform per supply edge that a 'license' rule can reach ({Numbers.Count(model.LicenceEdges.Length, "edge", "edges")})");
        }
    }

    private static void WritePolicy(TextWriter w, ValidScenario s, PolicyExplanation e)
    {
        var p = e.Policy;
        var subject = e.Flows.Count(f => f.Periods.Any(d => d.Subject));
        w.WriteLine($"policy {p.Name}{(p.Extends is { } parent ? $" (extends {parent})" : "")}");
        if (p.Description is { } description)
        {
            w.WriteLine($"  {description}");
        }
        w.WriteLine($"  listed {(p.Listed ? "yes" : "no")}, de minimis {Numbers.Exact(p.DeMinimis)}, FDPR {DescribeFdpr(s, p.Fdpr)}");
        w.WriteLine($"  leakage {p.Leakage.Describe()}, leakage revenue {p.LeakageRevenue.Describe()}, decoupling {p.Decoupling.Describe()}");
        w.WriteLine($"  {subject} of {e.Flows.Count} flows are subject in at least one period");
        if (p.Listed)
        {
            w.WriteLine(p.Rules.Count == 0 ? "  rules: none, so every subject flow is denied" : "  rules (the first active rule that matches decides; no match: deny):");
            var deciding = e.Flows.SelectMany(f => f.Periods).Select(d => d.Rule).ToHashSet();
            for (var r = 0; r < p.Rules.Count; r++)
            {
                // A rule that decides nothing is shadowed by earlier rules or matches no subject flow: worth a second look.
                var unused = deciding.Contains(r) ? "" : "  [decides no flow in any period]";
                w.WriteLine($"    {RuleLabel(p.Rules[r])}: {DescribeRule(s, p.Rules[r])}{unused}");
            }
        }

        foreach (var group in e.Flows.GroupBy(f => f.Flow.SupplyEdge))
        {
            var edge = s.Supply[group.Key];
            // End uses whose period-by-period story is the same are printed together.
            foreach (var story in group.GroupBy(f => Story(s, p, edge, f), StringComparer.Ordinal))
            {
                var endUses = string.Join(", ", story.Select(f => s.EndUses[f.Flow.EndUse].Id));
                var value = story.Sum(f => f.Flow.AnnualValue);
                w.WriteLine($"  {s.Suppliers[edge.Supplier].Id} / {s.Components[edge.Component].Id} -> {endUses}  ({DescribeEdge(edge)}; {Numbers.Money(value)} a year)");
                w.Write(story.Key);
            }
        }
    }

    /// <summary>The decisions of one flow as lines of consecutive periods that share a decision.</summary>
    private static string Story(ValidScenario s, Policy p, SupplyEdge edge, FlowExplanation flow)
    {
        var lines = new System.Text.StringBuilder();
        var periods = flow.Periods;
        var start = 0;
        for (var t = 1; t <= periods.Count; t++)
        {
            if (t < periods.Count && periods[t].Reason == periods[start].Reason && periods[t].Rule == periods[start].Rule)
            {
                continue;
            }
            var span = start == 0 && t == periods.Count ? "all periods"
                : start == t - 1 ? s.Horizon.Label(start)
                : $"{s.Horizon.Label(start)}..{s.Horizon.Label(t - 1)}";
            lines.Append($"      {span,-18} {DescribeDecision(p, edge, periods[start])}\n");
            start = t;
        }
        return lines.ToString();
    }

    private static string DescribeDecision(Policy p, SupplyEdge edge, PeriodDecision d)
    {
        var why = d.Reason switch
        {
            SubjectReason.NotListed => "not listed: delivered",
            SubjectReason.UsOrigin => "subject (US origin)",
            SubjectReason.DeMinimis => $"subject (US content {Numbers.Exact(edge.UsContent)} > de minimis {Numbers.Exact(p.DeMinimis)})",
            SubjectReason.Fdpr => "subject (FDPR: foreign direct product)",
            _ => $"not subject (US content {Numbers.Exact(edge.UsContent)} <= de minimis {Numbers.Exact(p.DeMinimis)}{(edge.Fdp ? "; FDPR not in force" : "")}): delivered",
        };
        if (!d.Subject)
        {
            return why;
        }
        if (d.Rule < 0)
        {
            return $"{why}; no rule matches: deny";
        }
        var rule = p.Rules[d.Rule];
        return $"{why}; rule {RuleLabel(rule)}: {Action(rule)}";
    }

    /// <summary>A rule as its key says it: its name, or #N for an unnamed rule (0-based, as in JSON and in draw keys).</summary>
    private static string RuleLabel(PolicyRule rule) => rule.Name is { } name ? $"'{name}'" : rule.Key;

    private static string Action(PolicyRule rule) => rule.Action switch
    {
        RuleAction.Allow => "allow",
        RuleAction.Deny => "deny",
        _ => $"license, approval {rule.Approval!.Describe()}",
    };

    private static string DescribeRule(ValidScenario s, PolicyRule rule)
    {
        var m = rule.Match;
        var parts = new List<string>();
        void Add(string key, IEnumerable<string>? values)
        {
            if (values is not null)
            {
                parts.Add($"{key} {string.Join("|", values)}");
            }
        }
        Add("supplier", m.Suppliers?.Select(i => s.Suppliers[i].Id));
        Add("supplier_country", m.SupplierCountries);
        Add("component", m.Components?.Select(i => s.Components[i].Id));
        Add("component_tags", m.ComponentTags);
        Add("end_use", m.EndUses?.Select(i => s.EndUses[i].Id));
        Add("end_use_tags", m.EndUseTags);
        var what = parts.Count == 0 ? "every subject flow" : string.Join(", ", parts);
        var when = DescribePeriods(s.Horizon, rule.From, rule.Until);
        return $"{what}; {when}; {Action(rule)}";
    }

    private static string DescribePeriods(Horizon h, int from, int until)
    {
        if (from == 0 && until == h.Periods)
        {
            return "all periods";
        }
        if (from >= until)
        {
            return "never active";
        }
        return from == until - 1 ? $"period {h.Label(from)}" : $"periods {h.Label(from)}..{h.Label(until - 1)}";
    }

    private static string DescribeFdpr(ValidScenario s, Fdpr fdpr) =>
        !fdpr.Enabled ? "off"
        : fdpr.From is { } date ? $"from {date:yyyy-MM-dd} (in force from {(fdpr.FirstPeriod < s.Horizon.Periods ? s.Horizon.Label(fdpr.FirstPeriod) : "after the horizon")})"
        : "on";

    private static string DescribeEdge(SupplyEdge edge)
    {
        var parts = new List<string> { $"made in {edge.Origin}" };
        if (edge.Origin != ModelDefaults.UsCountry)
        {
            parts.Add($"US content {Numbers.Exact(edge.UsContent)}");
        }
        if (edge.Fdp)
        {
            parts.Add("fdp");
        }
        return string.Join(", ", parts);
    }

    public static void WriteJson(Stream stream, ValidScenario s, IReadOnlyList<PolicyExplanation> explanations)
    {
        using var json = DiagnosticReport.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("file", s.SourcePath);
        json.WriteString("name", s.Name);
        DiagnosticReport.WriteStrings(json, "overrides", s.Overrides);
        var model = ModelCompiler.Compile(s, RunOptions.From(s));
        json.WriteStartArray("inputs");
        foreach (var input in model.Sampler.Inputs)
        {
            json.WriteStartObject();
            json.WriteString("name", input.Key);
            json.WriteString("distribution", input.Distribution.Describe());
            json.WriteBoolean("parameter", input.IsNamedParameter);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteNumber("licence_edges", model.LicenceEdges.Length);
        json.WriteStartArray("periods");
        for (var t = 0; t < s.Horizon.Periods; t++)
        {
            json.WriteStringValue(s.Horizon.Label(t));
        }
        json.WriteEndArray();
        json.WriteStartArray("policies");
        foreach (var e in explanations)
        {
            var p = e.Policy;
            json.WriteStartObject();
            json.WriteString("name", p.Name);
            json.WriteString("extends", p.Extends);
            json.WriteBoolean("listed", p.Listed);
            json.WriteNumber("de_minimis", p.DeMinimis);
            json.WriteBoolean("fdpr", p.Fdpr.Enabled);
            if (p.Fdpr.Enabled)
            {
                json.WriteNumber("fdpr_first_period", p.Fdpr.FirstPeriod);
            }
            json.WriteStartArray("rules");
            foreach (var rule in p.Rules)
            {
                json.WriteStartObject();
                json.WriteString("key", rule.Key);
                json.WriteString("name", rule.Name);
                json.WriteString("description", DescribeRule(s, rule));
                json.WriteNumber("from", rule.From);
                json.WriteNumber("until", rule.Until);
                json.WriteString("action", rule.Action.ToString().ToLowerInvariant());
                json.WriteString("approval", rule.Approval?.Describe());
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteStartArray("flows");
            foreach (var f in e.Flows)
            {
                var edge = s.Supply[f.Flow.SupplyEdge];
                json.WriteStartObject();
                json.WriteString("supplier", s.Suppliers[f.Flow.Supplier].Id);
                json.WriteString("component", s.Components[f.Flow.Component].Id);
                json.WriteString("end_use", s.EndUses[f.Flow.EndUse].Id);
                json.WriteNumber("annual_value", f.Flow.AnnualValue);
                json.WriteString("origin", edge.Origin);
                json.WriteNumber("us_content", edge.UsContent);
                json.WriteBoolean("fdp", edge.Fdp);
                json.WriteStartArray("periods");
                foreach (var d in f.Periods)
                {
                    json.WriteStartObject();
                    json.WriteNumber("period", d.Period);
                    json.WriteBoolean("subject", d.Subject);
                    json.WriteString("reason", ReasonName(d.Reason));
                    json.WriteString("rule", d.Rule < 0 ? null : p.Rules[d.Rule].Key);
                    json.WriteString("action", d.Subject ? d.Action.ToString().ToLowerInvariant() : "delivered");
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string ReasonName(SubjectReason reason) => reason switch
    {
        SubjectReason.NotListed => "not-listed",
        SubjectReason.UsOrigin => "us-origin",
        SubjectReason.DeMinimis => "de-minimis",
        SubjectReason.Fdpr => "fdpr",
        _ => "not-subject",
    };
}
