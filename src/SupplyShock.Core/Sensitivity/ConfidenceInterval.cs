namespace SupplyShock.Core.Sensitivity;

/// <summary>A two-sided 95% interval around an estimate; <see cref="Lower"/> &lt;= <see cref="Upper"/>.</summary>
public readonly record struct ConfidenceInterval(double Lower, double Upper)
{
    /// <summary>The normal quantile of a two-sided 95% interval, Phi^-1(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    public bool Contains(double value) => Lower <= value && value <= Upper;

    public double Width => Upper - Lower;
}
