namespace SupplyShock.Core.Model;

/// <summary>How one flow fares under a policy in one period. <c>Rule</c> is -1 when no rule decides (not subject, or no match: deny).</summary>
public sealed record PeriodDecision(int Period, SubjectReason Reason, int Rule, RuleAction Action)
{
    /// <summary>True when the flow is subject to the policy.</summary>
    public bool Subject => PolicyEvaluation.IsSubject(Reason);
}

public sealed record FlowExplanation(Flow Flow, IReadOnlyList<PeriodDecision> Periods);

public sealed record PolicyExplanation(Policy Policy, IReadOnlyList<FlowExplanation> Flows);

/// <summary>Which flows each policy reaches, and which rule decides each one in each period: what <c>supplyshock explain</c> prints.</summary>
public static class Explainer
{
    public static IReadOnlyList<PolicyExplanation> Explain(ValidScenario scenario) =>
        scenario.Policies.Select(p => Explain(scenario, p)).ToArray();

    public static PolicyExplanation Explain(ValidScenario scenario, Policy policy)
    {
        var flows = new List<FlowExplanation>(scenario.Flows.Count);
        foreach (var flow in scenario.Flows)
        {
            var edge = scenario.Supply[flow.SupplyEdge];
            var periods = new PeriodDecision[scenario.Horizon.Periods];
            for (var t = 0; t < periods.Length; t++)
            {
                var reason = PolicyEvaluation.Subject(policy, edge, t);
                if (!PolicyEvaluation.IsSubject(reason))
                {
                    periods[t] = new PeriodDecision(t, reason, -1, RuleAction.Allow); // not subject: x = 1
                    continue;
                }
                var rule = PolicyEvaluation.DecidingRule(scenario, policy, flow, t);
                periods[t] = new PeriodDecision(t, reason, rule, rule < 0 ? RuleAction.Deny : policy.Rules[rule].Action);
            }
            flows.Add(new FlowExplanation(flow, periods));
        }
        return new PolicyExplanation(policy, flows);
    }
}
