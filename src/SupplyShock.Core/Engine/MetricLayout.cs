namespace SupplyShock.Core.Engine;

/// <summary>
/// Where each metric of MODEL.md section 6 sits in a policy's per-trial outcome vector, with the range it cannot
/// leave (so histograms are fixed) and which way is worse (for es95).
/// </summary>
public sealed class MetricLayout
{
    public const int UsRevenueLost = 0;
    public const int UsRevenueLostShare = 1;
    public const int SupplyThrough = 2;
    public const int UsSupplyThrough = 3;
    public const int ForeignGain = 4;
    public const int UsRevenueBaseline = 5;
    public const int OutputStart = 6;

    /// <summary>The horizon-level metrics, in results.json order.</summary>
    public static readonly IReadOnlyList<string> ScalarNames =
        ["us_revenue_lost", "us_revenue_lost_share", "supply_through", "us_supply_through", "foreign_gain", "us_revenue_baseline"];

    /// <summary>The metrics of MODEL.md section 7 whose paired differences are reported, besides each output.</summary>
    public static readonly IReadOnlyList<int> DifferencedScalars = [UsRevenueLost, UsRevenueLostShare, SupplyThrough, UsSupplyThrough, ForeignGain];

    public MetricLayout(CompiledModel model)
    {
        var endUses = model.EndUseCount;
        OutputByPeriodStart = OutputStart + endUses;
        AvailabilityStart = OutputByPeriodStart + (endUses * model.Periods);
        AvailabilityPairs = Enumerable.Range(0, model.PairCount).Where(p => model.PairRequirement[p] > 0).ToArray();
        LostBySupplierStart = AvailabilityStart + AvailabilityPairs.Length;
        ForeignGainByComponentStart = LostBySupplierStart + model.SupplierCount;
        SuppliedComponents = Enumerable.Range(0, model.ComponentCount).Where(c => model.AnnualRequirement[c] > 0).ToArray();
        Count = ForeignGainByComponentStart + SuppliedComponents.Length;

        var horizon = model.Periods * model.MonthsPerPeriod / 12.0;
        var usBaseline = Enumerable.Range(0, model.SupplierCount).Where(s => model.SupplierUs[s]).Sum(s => model.SupplierBaseline[s]);
        var totalRequirement = model.AnnualRequirement.Sum() * horizon;
        Lo = new double[Count];
        Hi = new double[Count];
        Worse = new WorseWhen[Count];
        void Set(int index, double lo, double hi, WorseWhen worse) => (Lo[index], Hi[index], Worse[index]) = (lo, hi, worse);
        Set(UsRevenueLost, 0, usBaseline, WorseWhen.Larger);
        Set(UsRevenueLostShare, 0, 1, WorseWhen.Larger);
        Set(SupplyThrough, 0, 1, WorseWhen.Smaller);
        Set(UsSupplyThrough, 0, 1, WorseWhen.Smaller);
        Set(ForeignGain, 0, totalRequirement, WorseWhen.Larger);
        Set(UsRevenueBaseline, usBaseline, usBaseline, WorseWhen.Larger);
        for (var i = OutputStart; i < LostBySupplierStart; i++)
        {
            Set(i, 0, 1, WorseWhen.Smaller); // outputs, outputs by period, availabilities
        }
        for (var s = 0; s < model.SupplierCount; s++)
        {
            Set(LostBySupplierStart + s, 0, model.SupplierBaseline[s], WorseWhen.Larger);
        }
        for (var i = 0; i < SuppliedComponents.Length; i++)
        {
            Set(ForeignGainByComponentStart + i, 0, model.AnnualRequirement[SuppliedComponents[i]] * horizon, WorseWhen.Larger);
        }
        Differenced = [.. DifferencedScalars, .. Enumerable.Range(OutputStart, endUses)];
    }

    public int OutputByPeriodStart { get; }
    public int AvailabilityStart { get; }
    public int LostBySupplierStart { get; }
    public int ForeignGainByComponentStart { get; }
    public int Count { get; }

    /// <summary>Pairs with R_ce &gt; 0, in pair order: the ones availability is reported for.</summary>
    public int[] AvailabilityPairs { get; }

    /// <summary>Components with supply, in file order: the ones foreign gain by component is reported for.</summary>
    public int[] SuppliedComponents { get; }

    public double[] Lo { get; }
    public double[] Hi { get; }
    public WorseWhen[] Worse { get; }

    /// <summary>Metric indices whose A - B is reported for every two policies.</summary>
    public int[] Differenced { get; }

    public int OutputByPeriod(int endUse, int period, int periods) => OutputByPeriodStart + (endUse * periods) + period;
}
