namespace SupplyShock.Core.Validation;

using SupplyShock.Core.Model;
using SupplyShock.Core.Syntax;

/// <summary>Reads one inline distribution (MODEL.md section 3) and rejects impossible parameters.</summary>
internal sealed class DistributionBinder(NodeReader read, Fields f, string kind)
{
    private bool ok = true;

    public Distribution? Bind()
    {
        Distribution? result = kind switch
        {
            "uniform" => Uniform(),
            "triangular" => Triangular(),
            "pert" => Pert(),
            "beta" => Beta(),
            "normal" => Normal(),
            "lognormal" => LogNormal(),
            "bernoulli" => Bernoulli(),
            "discrete" => Discrete(),
            _ => null,
        };
        return ok ? result : null;
    }

    private double Required(string key)
    {
        if (f.Require(key) is { } node && read.Number(node, f.At(key)) is { } x)
        {
            return x;
        }
        ok = false;
        return double.NaN;
    }

    private double? Optional(string key)
    {
        if (f.Get(key) is not { } node)
        {
            return null;
        }
        if (read.Number(node, f.At(key)) is { } x)
        {
            return x;
        }
        ok = false;
        return double.NaN;
    }

    private void Check(bool condition, string key, string message)
    {
        if (ok && !condition)
        {
            read.Error(f.Get(key) ?? f.Node, $"{f.Path}: {message}");
            ok = false;
        }
    }

    private Distribution Uniform()
    {
        var (min, max) = (Required("min"), Required("max"));
        Check(min <= max, "max", $"uniform needs min <= max (got min {F(min)}, max {F(max)})");
        return new UniformDistribution(min, max);
    }

    private (double Min, double Mode, double Max) Triple(string name)
    {
        var (min, mode, max) = (Required("min"), Required("mode"), Required("max"));
        Check(min <= mode && mode <= max, "mode", $"{name} needs min <= mode <= max (got min {F(min)}, mode {F(mode)}, max {F(max)})");
        return (min, mode, max);
    }

    private Distribution Triangular()
    {
        var (min, mode, max) = Triple("triangular");
        return new TriangularDistribution(min, mode, max);
    }

    private Distribution Pert()
    {
        var (min, mode, max) = Triple("pert");
        var lambda = Optional("lambda") ?? ModelDefaults.PertLambda;
        Check(lambda > 0, "lambda", $"pert needs lambda > 0 (got {F(lambda)})");
        return new PertDistribution(min, mode, max, lambda);
    }

    private Distribution Beta()
    {
        var (a, b) = (Required("a"), Required("b"));
        var min = Optional("min") ?? 0;
        var max = Optional("max") ?? 1;
        Check(a > 0, "a", $"beta needs a > 0 (got {F(a)})");
        Check(b > 0, "b", $"beta needs b > 0 (got {F(b)})");
        Check(min <= max, "max", $"beta needs min <= max (got min {F(min)}, max {F(max)})");
        return new BetaDistribution(a, b, min, max);
    }

    private Distribution Normal()
    {
        var (mean, sd) = (Required("mean"), Required("sd"));
        var (min, max) = (Optional("min"), Optional("max"));
        Check(sd > 0, "sd", $"normal needs sd > 0 (got {F(sd)})");
        if (min is { } lo && max is { } hi)
        {
            Check(lo <= hi, "max", $"normal needs min <= max (got min {F(lo)}, max {F(hi)})");
        }
        // The truncation interval must hold probability that a double can resolve, or inverse transform fails.
        var zLo = min is { } a ? (a - mean) / sd : double.NegativeInfinity;
        var zHi = max is { } b ? (b - mean) / sd : double.PositiveInfinity;
        Check(zLo < 30 && zHi > -30 || zLo == zHi, "mean", $"normal truncated to [{F(min ?? double.NegativeInfinity)}, {F(max ?? double.PositiveInfinity)}] lies more than 30 sd from its mean; move the mean or the bounds");
        return new NormalDistribution(mean, sd, min, max);
    }

    private Distribution LogNormal()
    {
        var (mu, sigma) = (Required("mu"), Required("sigma"));
        Check(sigma > 0, "sigma", $"lognormal needs sigma > 0 (got {F(sigma)})");
        return new LogNormalDistribution(mu, sigma);
    }

    private Distribution Bernoulli()
    {
        var p = Required("p");
        Check(p is >= 0 and <= 1, "p", $"bernoulli needs 0 <= p <= 1 (got {F(p)})");
        return new BernoulliDistribution(p);
    }

    private Distribution? Discrete()
    {
        var values = Numbers("values");
        var weights = f.Get("weights") is null ? null : Numbers("weights");
        if (!ok || values is null)
        {
            return null;
        }
        Check(values.Count > 0, "values", "discrete needs at least one value");
        for (var i = 1; i < values.Count; i++)
        {
            Check(values[i] > values[i - 1], "values", $"discrete values must be strictly ascending ({F(values[i - 1])} then {F(values[i])})");
        }
        weights ??= values.Select(_ => 1.0).ToList();
        Check(weights.Count == values.Count, "weights", $"discrete needs one weight per value ({values.Count} values, {weights.Count} weights)");
        Check(weights.All(w => w >= 0), "weights", "discrete weights must not be negative");
        var total = weights.Sum();
        Check(total > 0, "weights", "discrete weights must not all be zero");
        return ok ? new DiscreteDistribution(values, weights.Select(w => w / total).ToArray()) : null;
    }

    private List<double>? Numbers(string key)
    {
        if (f.Require(key) is not { } node || read.Sequence(node, f.At(key), "a list of numbers") is not { } items)
        {
            ok = false;
            return null;
        }
        var result = new List<double>();
        for (var i = 0; i < items.Count; i++)
        {
            if (read.Number(items[i], $"{f.At(key)}[{i}]") is { } x)
            {
                result.Add(x);
            }
            else
            {
                ok = false;
            }
        }
        return result;
    }

    private static string F(double x) => Support.Format(x);
}
