namespace SupplyShock.Core.Model;

/// <summary>
/// An uncertain input of MODEL.md section 3: a number, an inline distribution, or a reference to a named parameter.
/// Each named parameter and each inline distribution is one scalar per trial, shared by every place that uses it.
/// </summary>
public abstract record UncertainValue
{
    public abstract string Describe();
}

public sealed record FixedValue(double Value) : UncertainValue
{
    public override string Describe() => Support.Format(Value);
}

public sealed record ParameterReference(string Name) : UncertainValue
{
    public override string Describe() => "$" + Name;
}

/// <summary>An inline distribution; <paramref name="Key"/> is its place (MODEL.md section 7), the key of its random stream.</summary>
public sealed record InlineDistribution(string Key, Distribution Distribution) : UncertainValue
{
    public override string Describe() => Distribution.Describe();
}
