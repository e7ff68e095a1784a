namespace SupplyShock.Core.Engine;

using SupplyShock.Core.Model;
using SupplyShock.Core.Sampling;

/// <summary>
/// One Monte Carlo trial of every policy (MODEL.md sections 4 to 6) on the same draws. Each worker thread owns one
/// kernel; all scratch space is allocated here once, so a trial allocates nothing.
/// </summary>
public sealed class TrialKernel
{
    private readonly CompiledModel model;
    private readonly MetricLayout layout;

    // Per trial.
    private readonly double[] draws;
    private readonly double[] copulaScratch;
    private readonly double[] values;
    private readonly double[] licence;        // W per supply edge (only licence edges are drawn)
    private readonly double[] stockpile;
    private readonly double[] substitution;
    private readonly double[] ramp;
    private readonly double[] demand;

    // Per policy and period.
    private readonly double[] stock;          // Q_c
    private readonly int[] gapStart;          // t0_c, -1 before the first gap
    private readonly double[] flowDirect;     // d_f
    private readonly double[] flowGap;        // g_f
    private readonly double[] pairDirect;     // D_ce
    private readonly double[] pairMoved;      // H_ce
    private readonly double[] pairGap;        // G_ce
    private readonly double[] pairStock;      // P_ce
    private readonly double[] pairSubstitute; // S_ce
    private readonly double[] pairLeak;       // K_ce
    private readonly double[] pairAvailable;  // A_ce
    private readonly double[] pairEffective;  // b_ce
    private readonly double[] pairAvailabilitySum;
    private readonly double[] lowestEffective; // min over c of b_ce, per end use
    private readonly double[] output;          // y_e
    private readonly double[] outputSum;
    private readonly bool[] bindingFound;
    private readonly double[] supplierEarned;
    private readonly double[] componentGain;
    private readonly double[] rampRate;       // l / ramp_c
    private readonly double[] movedShare;     // decoupling * m_{c,t} in this period
    private readonly double[] pairDrawnSum;   // sum over periods of rho_ce
    private readonly double[] pairDrawnUsSum; // sum over periods of rho_ce * (1 - decoupling * m_{c,t})

    public TrialKernel(CompiledModel model)
    {
        this.model = model;
        layout = model.Layout;
        draws = new double[model.Sampler.Inputs.Count];
        copulaScratch = new double[model.Sampler.CorrelatedCount];
        values = (double[])model.SlotTemplate.Clone();
        licence = new double[model.SupplyEdgeCount];
        var (c, e, p, f) = (model.ComponentCount, model.EndUseCount, model.PairCount, model.FlowCount);
        (stockpile, substitution, ramp, demand) = (new double[c], new double[c], new double[c], new double[e]);
        (stock, gapStart, componentGain) = (new double[c], new int[c], new double[c]);
        (flowDirect, flowGap) = (new double[f], new double[f]);
        (pairDirect, pairMoved, pairGap, pairStock) = (new double[p], new double[p], new double[p], new double[p]);
        (pairSubstitute, pairLeak, pairAvailable, pairEffective, pairAvailabilitySum) = (new double[p], new double[p], new double[p], new double[p], new double[p]);
        (lowestEffective, output, outputSum, bindingFound) = (new double[e], new double[e], new double[e], new bool[e]);
        supplierEarned = new double[model.SupplierCount];
        (movedShare, pairDrawnSum, pairDrawnUsSum, rampRate) = (new double[c], new double[p], new double[p], new double[c]);
    }

    /// <summary>
    /// Runs trial <paramref name="trial"/>. <paramref name="outcomes"/> receives, per policy in order, a vector of
    /// <see cref="MetricLayout.Count"/> metrics; <paramref name="binding"/> (policies x pairs) counts binding periods.
    /// </summary>
    public void Run(long trial, Span<double> outcomes, Span<long> binding)
    {
        Draw(trial);
        for (var p = 0; p < model.Policies.Length; p++)
        {
            RunPolicy(model.Policies[p], outcomes.Slice(p * layout.Count, layout.Count), binding.Slice(p * model.PairCount, model.PairCount));
        }
    }

    /// <summary>MODEL.md sections 3 and 7: every input's draw and every licence uniform W of this trial.</summary>
    private void Draw(long trial)
    {
        model.Sampler.Draw(trial, draws, copulaScratch);
        for (var i = 0; i < draws.Length; i++)
        {
            values[model.RandomSlots[i]] = draws[i];
        }
        for (var i = 0; i < model.LicenceEdges.Length; i++)
        {
            licence[model.LicenceEdges[i]] = KeyedRandom.Uniform(model.LicenceStreams[i], trial);
        }
        for (var c = 0; c < stockpile.Length; c++)
        {
            stockpile[c] = values[model.StockpileSlot[c]];
            substitution[c] = values[model.SubstitutionSlot[c]];
            ramp[c] = values[model.RampSlot[c]];
        }
        for (var e = 0; e < demand.Length; e++)
        {
            demand[e] = values[model.DemandSlot[e]];
        }
    }

    private void RunPolicy(PolicyPlan plan, Span<double> outcome, Span<long> binding)
    {
        var (licence, values, supplierEarned) = (this.licence, this.values, this.supplierEarned);
        var leakage = values[plan.LeakageSlot];
        var leakageRevenue = values[plan.LeakageRevenueSlot];
        var decoupling = values[plan.DecouplingSlot];
        var months = model.MonthsPerPeriod;
        var flows = model.FlowCount;

        // The model's arrays as locals: the JIT keeps them in registers through the hot loops.
        var componentPairStart = model.ComponentPairStart;
        var pairFlowStart = model.PairFlowStart;
        var pairRequirement = model.PairRequirement;
        var pairCritical = model.PairCritical;
        var pairEndUse = model.PairEndUse;
        var pairComponent = model.PairComponent;
        var flowValue = model.FlowValue;
        var flowUs = model.FlowUs;
        var flowSupplier = model.FlowSupplier;
        var flowSupplyEdge = model.FlowSupplyEdge;
        var (flowDirect, flowGap) = (this.flowDirect, this.flowGap);
        var (pairDirect, pairMoved, pairGap) = (this.pairDirect, this.pairMoved, this.pairGap);
        var (pairStock, pairSubstitute, pairLeak, pairAvailable, pairEffective) = (this.pairStock, this.pairSubstitute, this.pairLeak, this.pairAvailable, this.pairEffective);
        var pairCount = pairRequirement.Length;
        var inverseRequirement = model.PairInverseRequirement;
        for (var c = 0; c < rampRate.Length; c++)
        {
            rampRate[c] = ramp[c] > 0 ? months / ramp[c] : 0; // the share of the ramp one period covers
        }
        var (dynamicStart, dynamicFlows) = (plan.DynamicStart, plan.DynamicFlows);
        Array.Clear(pairDrawnSum);
        Array.Clear(pairDrawnUsSum);

        for (var c = 0; c < stock.Length; c++)
        {
            stock[c] = stockpile[c] / 12 * model.AnnualRequirement[c]; // Q_{c,0}: months of the annual requirement
            gapStart[c] = -1;
            componentGain[c] = 0;
        }
        Array.Clear(supplierEarned);
        Array.Clear(outputSum);
        Array.Clear(pairAvailabilitySum);
        double usThrough = 0, foreignGain = 0, used = 0, required = 0;

        for (var t = 0; t < model.Periods; t++)
        {
            var decisions = plan.Decisions.AsSpan(t * flows, flows);
            for (var c = 0; c < stock.Length; c++)
            {
                var pairsFrom = componentPairStart[c];
                var pairsTo = componentPairStart[c + 1];
                if (pairsFrom == pairsTo)
                {
                    continue;
                }
                // m_{c,t}: decoupling ramps from the start of the horizon (MODEL.md section 5).
                var decouplingRamp = ramp[c] == 0 ? 1 : Math.Min(1, (t + 1) * rampRate[c]);
                var moved = decoupling * substitution[c] * decouplingRamp;
                movedShare[c] = moved;
                var componentGap = 0.0;
                for (var p = pairsFrom; p < pairsTo; p++)
                {
                    // Static flows, always delivered: d = v (1 - moved) for US suppliers' flows, v for others; h = v moved.
                    var staticUs = plan.StaticUs[p];
                    double direct = plan.StaticForeign[p] + (staticUs * (1 - moved)), shifted = staticUs * moved, gap = 0;
                    var dynamicTo = dynamicStart[p + 1];
                    for (var i = dynamicStart[p]; i < dynamicTo; i++)
                    {
                        var f = dynamicFlows[i];
                        var code = decisions[f];
                        var value = flowValue[f];
                        double d, g;
                        if (code == CompiledModel.Allow)
                        {
                            (d, g) = (value, 0);
                        }
                        else if (code == CompiledModel.Deny || licence[flowSupplyEdge[f]] >= values[code])
                        {
                            (d, g) = (0, value); // x_f = 0: denied, or W_sc not below the approval
                        }
                        else
                        {
                            (d, g) = (value, 0);
                        }
                        if (flowUs[f] && d > 0)
                        {
                            var h = d * moved;
                            shifted += h;
                            d -= h;
                        }
                        flowDirect[f] = d;
                        flowGap[f] = g;
                        direct += d;
                        gap += g;
                    }
                    (pairDirect[p], pairMoved[p], pairGap[p]) = (direct, shifted, gap);
                    componentGap += gap;
                }

                if (componentGap > 0 && gapStart[c] < 0)
                {
                    gapStart[c] = t; // t0_c: the substitution ramp counts from the first gap and never resets
                }
                var fromStock = Math.Min(stock[c], componentGap); // P_c
                var substituteRamp = ramp[c] == 0 ? 1 : gapStart[c] < 0 ? 0 : Math.Min(1, (t - gapStart[c] + 1) * rampRate[c]);
                var stockShare = componentGap > 0 ? fromStock / componentGap : 0;
                for (var p = pairsFrom; p < pairsTo; p++)
                {
                    var gap = pairGap[p];
                    var fromStockHere = stockShare * gap;                                               // P_ce, in proportion to G_ce
                    var substitute = substitution[c] * substituteRamp * (gap - fromStockHere);          // S_ce
                    var leak = leakage * (gap - fromStockHere - substitute);                            // K_ce
                    var available = pairDirect[p] + pairMoved[p] + fromStockHere + substitute + leak;   // A_ce
                    (pairStock[p], pairSubstitute[p], pairLeak[p], pairAvailable[p]) = (fromStockHere, substitute, leak, available);
                    var requirement = pairRequirement[p];
                    if (requirement > 0)
                    {
                        var availability = available * inverseRequirement[p];                           // a_ce
                        pairEffective[p] = 1 - (pairCritical[p] * (1 - availability));                  // b_ce
                        pairAvailabilitySum[p] += availability;
                    }
                }
            }

            // y_e = min(demand_e, min over critical inputs with supply of b_ce).
            Array.Fill(lowestEffective, double.PositiveInfinity);
            for (var p = 0; p < pairCount; p++)
            {
                if (pairRequirement[p] > 0 && pairCritical[p] > 0)
                {
                    var e = pairEndUse[p];
                    lowestEffective[e] = Math.Min(lowestEffective[e], pairEffective[p]);
                }
            }
            for (var e = 0; e < output.Length; e++)
            {
                output[e] = Math.Min(demand[e], lowestEffective[e]);
                outputSum[e] += output[e];
                outcome[layout.OutputByPeriod(e, t, model.Periods)] = output[e];
                bindingFound[e] = !(output[e] < demand[e] - ModelDefaults.TieTolerance);
            }

            for (var p = 0; p < pairCount; p++)
            {
                var e = pairEndUse[p];
                var requirement = pairRequirement[p];
                if (requirement <= 0)
                {
                    continue; // pairs with R_ce = 0 take no part
                }
                // binding: the first component (in components: order) that attains the minimum, when y_e < demand_e.
                if (!bindingFound[e] && pairCritical[p] > 0 && pairEffective[p] <= lowestEffective[e] + ModelDefaults.TieTolerance)
                {
                    binding[p]++;
                    bindingFound[e] = true;
                }
                var available = pairAvailable[p];
                var use = Math.Min(output[e] * requirement, available);  // U_ce
                var drawn = available > 0 ? use / available : 0;         // rho_ce
                used += use;
                required += requirement;
                var gap = pairGap[p];
                var leakShare = gap > 0 ? pairLeak[p] / gap : 0;         // K_ce / G_ce: each flow leaks in proportion to its gap
                var c = pairComponent[p];
                var keptUs = drawn * (1 - movedShare[c]);
                pairDrawnSum[p] += drawn;
                pairDrawnUsSum[p] += keptUs;
                usThrough += keptUs * plan.StaticUs[p];
                var dynamicTo = dynamicStart[p + 1];
                for (var i = dynamicStart[p]; i < dynamicTo; i++)
                {
                    var f = dynamicFlows[i];
                    var leaked = leakShare * flowGap[f];
                    supplierEarned[flowSupplier[f]] += drawn * (flowDirect[f] + (leakageRevenue * leaked));
                    if (flowUs[f])
                    {
                        usThrough += drawn * (flowDirect[f] + leaked);
                    }
                }
                var gain = drawn * (pairSubstitute[p] + pairMoved[p]);
                foreignGain += gain;
                componentGain[c] += gain;
                stock[c] -= drawn * pairStock[p]; // only what was used leaves the stock
            }
        }

        // Static flows earn v (1 - moved) rho, or v rho, in every period: paid here from the sums over periods.
        var staticFlows = plan.StaticFlows;
        var staticPair = plan.StaticFlowPair;
        for (var i = 0; i < staticFlows.Length; i++)
        {
            var f = staticFlows[i];
            var p = staticPair[i];
            supplierEarned[flowSupplier[f]] += flowValue[f] * (flowUs[f] ? pairDrawnUsSum[p] : pairDrawnSum[p]);
        }

        var usBaseline = layout.Hi[MetricLayout.UsRevenueLost];
        var usEarned = 0.0;
        for (var s = 0; s < supplierEarned.Length; s++)
        {
            if (model.SupplierUs[s])
            {
                usEarned += supplierEarned[s];
            }
            outcome[layout.LostBySupplierStart + s] = model.SupplierBaseline[s] - supplierEarned[s];
        }
        var lost = usBaseline - usEarned;
        outcome[MetricLayout.UsRevenueLost] = lost;
        outcome[MetricLayout.UsRevenueLostShare] = usBaseline > 0 ? lost / usBaseline : 0;
        outcome[MetricLayout.SupplyThrough] = required > 0 ? used / required : 1;
        outcome[MetricLayout.UsSupplyThrough] = usBaseline > 0 ? usThrough / usBaseline : 1;
        outcome[MetricLayout.ForeignGain] = foreignGain;
        outcome[MetricLayout.UsRevenueBaseline] = usBaseline;
        for (var e = 0; e < output.Length; e++)
        {
            outcome[MetricLayout.OutputStart + e] = outputSum[e] / model.Periods;
        }
        var pairs = layout.AvailabilityPairs;
        for (var i = 0; i < pairs.Length; i++)
        {
            outcome[layout.AvailabilityStart + i] = pairAvailabilitySum[pairs[i]] / model.Periods;
        }
        var supplied = layout.SuppliedComponents;
        for (var i = 0; i < supplied.Length; i++)
        {
            outcome[layout.ForeignGainByComponentStart + i] = componentGain[supplied[i]];
        }
    }
}
