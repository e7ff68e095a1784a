namespace SupplyShock.Core.Model;

using System.Globalization;

/// <summary>The smallest interval that holds every value a distribution can take.</summary>
public readonly record struct Support(double Min, double Max)
{
    public override string ToString() => $"[{Format(Min)}, {Format(Max)}]";

    internal static string Format(double x) =>
        double.IsPositiveInfinity(x) ? "+inf"
        : double.IsNegativeInfinity(x) ? "-inf"
        : x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>A distribution of MODEL.md section 3, with parameters already checked by the validator.</summary>
public abstract record Distribution
{
    public abstract Support Support { get; }

    /// <summary>The distribution as a user would write it, for explain and error messages.</summary>
    public abstract string Describe();

    private protected static string F(double x) => Support.Format(x);
}

public sealed record ConstantDistribution(double Value) : Distribution
{
    public override Support Support => new(Value, Value);
    public override string Describe() => F(Value);
}

public sealed record UniformDistribution(double Min, double Max) : Distribution
{
    public override Support Support => new(Min, Max);
    public override string Describe() => $"uniform(min {F(Min)}, max {F(Max)})";
}

public sealed record TriangularDistribution(double Min, double Mode, double Max) : Distribution
{
    public override Support Support => new(Min, Max);
    public override string Describe() => $"triangular(min {F(Min)}, mode {F(Mode)}, max {F(Max)})";
}

/// <summary>PERT: Beta(1 + lambda (mode - min)/(max - min), 1 + lambda (max - mode)/(max - min)) on [min, max].</summary>
public sealed record PertDistribution(double Min, double Mode, double Max, double Lambda) : Distribution
{
    public override Support Support => new(Min, Max);
    public override string Describe() => $"pert(min {F(Min)}, mode {F(Mode)}, max {F(Max)}, lambda {F(Lambda)})";
}

public sealed record BetaDistribution(double A, double B, double Min, double Max) : Distribution
{
    public override Support Support => new(Min, Max);
    public override string Describe() => $"beta(a {F(A)}, b {F(B)}, min {F(Min)}, max {F(Max)})";
}

/// <summary>A normal, truncated to [Min, Max] where bounds are given (null is unbounded).</summary>
public sealed record NormalDistribution(double Mean, double Sd, double? Min, double? Max) : Distribution
{
    public override Support Support => new(Min ?? double.NegativeInfinity, Max ?? double.PositiveInfinity);

    public override string Describe() =>
        $"normal(mean {F(Mean)}, sd {F(Sd)}{(Min is { } lo ? $", min {F(lo)}" : "")}{(Max is { } hi ? $", max {F(hi)}" : "")})";
}

/// <summary>A lognormal with <paramref name="Mu"/> and <paramref name="Sigma"/> of the logarithm.</summary>
public sealed record LogNormalDistribution(double Mu, double Sigma) : Distribution
{
    public override Support Support => new(0, double.PositiveInfinity);
    public override string Describe() => $"lognormal(mu {F(Mu)}, sigma {F(Sigma)})";
}

public sealed record BernoulliDistribution(double P) : Distribution
{
    public override Support Support => new(0, 1);
    public override string Describe() => $"bernoulli(p {F(P)})";
}

/// <summary>Values strictly ascending; weights normalised to sum to 1.</summary>
public sealed record DiscreteDistribution(IReadOnlyList<double> Values, IReadOnlyList<double> Weights) : Distribution
{
    public override Support Support => new(Values[0], Values[^1]);

    public override string Describe() =>
        $"discrete(values [{string.Join(", ", Values.Select(F))}], weights [{string.Join(", ", Weights.Select(F))}])";
}
