namespace SupplyShock.Core.Model;

public enum RuleAction
{
    Allow,
    Deny,
    License,
}

/// <summary>The FDPR setting of a policy: in force in period t iff <c>Enabled</c> and <c>t &gt;= FirstPeriod</c>.</summary>
public sealed record Fdpr(bool Enabled, DateOnly? From, int FirstPeriod)
{
    public static readonly Fdpr Off = new(false, null, 0);

    public bool InForce(int period) => Enabled && period >= FirstPeriod;
}

/// <summary>What a rule matches; null means the field was not given, a list means any of (MODEL.md section 4).</summary>
public sealed record RuleMatch(
    IReadOnlyList<int>? Suppliers,
    IReadOnlyList<string>? SupplierCountries,
    IReadOnlyList<int>? Components,
    IReadOnlyList<string>? ComponentTags,
    IReadOnlyList<int>? EndUses,
    IReadOnlyList<string>? EndUseTags);

/// <summary>
/// One rule of a policy. <c>From</c> and <c>Until</c> are resolved period numbers: active for From &lt;= t &lt; Until.
/// <c>Key</c> is the rule's name, or <c>#index</c> for an unnamed rule (MODEL.md section 4).
/// </summary>
public sealed record PolicyRule(
    string Key,
    string? Name,
    RuleMatch Match,
    int From,
    int Until,
    RuleAction Action,
    UncertainValue? Approval)
{
    public bool IsActive(int period) => From <= period && period < Until;
}

/// <summary>A policy with <c>extends</c> resolved: every key holds its effective value.</summary>
public sealed record Policy(
    string Name,
    string? Description,
    string? Extends,
    bool Listed,
    double DeMinimis,
    Fdpr Fdpr,
    IReadOnlyList<PolicyRule> Rules,
    UncertainValue Leakage,
    UncertainValue LeakageRevenue,
    UncertainValue Decoupling);
