namespace SupplyShock.Core.Model;

/// <summary>Why a flow is or is not subject to a policy in a period (MODEL.md section 4).</summary>
public enum SubjectReason
{
    /// <summary>The buyer is not listed: nothing is subject.</summary>
    NotListed,

    /// <summary>The item is made in the US.</summary>
    UsOrigin,

    /// <summary>A foreign-made item whose US content exceeds de minimis.</summary>
    DeMinimis,

    /// <summary>A foreign-made direct product of US technology, with the FDPR in force.</summary>
    Fdpr,

    /// <summary>A foreign-made item below de minimis and not caught by the FDPR.</summary>
    NotSubject,
}

/// <summary>The subject test and the first-match rule lookup of MODEL.md section 4: no random numbers, no period state.</summary>
public static class PolicyEvaluation
{
    public static SubjectReason Subject(Policy policy, SupplyEdge edge, int period)
    {
        if (!policy.Listed)
        {
            return SubjectReason.NotListed;
        }
        if (edge.Origin == ModelDefaults.UsCountry)
        {
            return SubjectReason.UsOrigin;
        }
        if (edge.UsContent > policy.DeMinimis)
        {
            return SubjectReason.DeMinimis;
        }
        return edge.Fdp && policy.Fdpr.InForce(period) ? SubjectReason.Fdpr : SubjectReason.NotSubject;
    }

    public static bool IsSubject(SubjectReason reason) =>
        reason is SubjectReason.UsOrigin or SubjectReason.DeMinimis or SubjectReason.Fdpr;

    /// <summary>The index of the first rule active in <paramref name="period"/> that matches the flow, or -1: no rule, so deny.</summary>
    public static int DecidingRule(ValidScenario scenario, Policy policy, Flow flow, int period)
    {
        for (var r = 0; r < policy.Rules.Count; r++)
        {
            var rule = policy.Rules[r];
            if (rule.IsActive(period) && Matches(scenario, rule.Match, flow))
            {
                return r;
            }
        }
        return -1;
    }

    /// <summary>Every given match field must hold; a list holds when any of its values does.</summary>
    public static bool Matches(ValidScenario scenario, RuleMatch match, Flow flow)
    {
        var supplier = scenario.Suppliers[flow.Supplier];
        var component = scenario.Components[flow.Component];
        var endUse = scenario.EndUses[flow.EndUse];
        return (match.Suppliers is null || match.Suppliers.Contains(flow.Supplier))
            && (match.SupplierCountries is null || match.SupplierCountries.Contains(supplier.Country))
            && (match.Components is null || match.Components.Contains(flow.Component))
            && (match.ComponentTags is null || match.ComponentTags.Any(component.Tags.Contains))
            && (match.EndUses is null || match.EndUses.Contains(flow.EndUse))
            && (match.EndUseTags is null || match.EndUseTags.Any(endUse.Tags.Contains));
    }
}
