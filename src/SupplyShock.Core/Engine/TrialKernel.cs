namespace SupplyShock.Core.Engine;

using SupplyShock.Core.Model;
using SupplyShock.Core.Sampling;

/// <summary>
/// One Monte Carlo trial of every policy (MODEL.md sections 4 to 6) on the same draws. Each worker thread owns one
/// kernel; all scratch space is allocated here once, so a trial allocates nothing.
/// <para>
/// Per policy, a trial first resolves every flow segment (a run of periods with one decision code) to delivered or
/// not, adding its per-period value into per-(pair, period) sums: delivered by US suppliers, delivered by others,
/// and the gap. The period loop then works on pairs only, and flows are paid at the end of the trial from per-pair
/// sums over their periods. Everything section 5 computes per flow is linear in the flow's value within a pair and
/// period, which is what makes this exact.
/// </para>
/// </summary>
public sealed class TrialKernel
{
    private readonly CompiledModel model;
    private readonly MetricLayout layout;
    private readonly int periods;

    // Per trial.
    private readonly double[] draws;
    private readonly double[] copulaScratch;
    private readonly double[] values;
    private readonly double[] licence;        // W per supply edge (only licence edges are drawn)
    private readonly double[] stockpile;
    private readonly double[] substitution;
    private readonly double[] ramp;
    private readonly double[] rampRate;       // l / ramp_c: the share of the ramp one period covers
    private readonly double[] demand;

    // Per policy: [pair * periods + t].
    private readonly double[] deliveredUs;    // value of delivered flows of US suppliers (before decoupling)
    private readonly double[] deliveredOther; // value of delivered flows of other suppliers
    private readonly double[] gapOf;          // G_ce
    private readonly double[] paidOther;      // rho_ce
    private readonly double[] paidUs;         // rho_ce * (1 - decoupling m_{c,t})
    private readonly double[] leakPaid;       // rho_ce * K_ce / G_ce: what a unit of gap brings back through leakage
    private readonly double[] cumulativeOther; // running sums of the three rates over periods: [pair * (periods + 1) + t]
    private readonly double[] cumulativeUs;
    private readonly double[] cumulativeLeak;

    // Per policy and period.
    private readonly double[] stock;          // Q_c
    private readonly int[] gapStart;          // t0_c, -1 before the first gap
    private readonly double[] movedShare;     // decoupling * m_{c,t}
    private readonly double[] pairMoved;      // H_ce
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

    public TrialKernel(CompiledModel model)
    {
        this.model = model;
        layout = model.Layout;
        periods = model.Periods;
        draws = new double[model.Sampler.Inputs.Count];
        copulaScratch = new double[model.Sampler.CorrelatedCount];
        values = (double[])model.SlotTemplate.Clone();
        licence = new double[model.SupplyEdgeCount];
        var (c, e, p) = (model.ComponentCount, model.EndUseCount, model.PairCount);
        (stockpile, substitution, ramp, rampRate, demand) = (new double[c], new double[c], new double[c], new double[c], new double[e]);
        var cells = p * periods;
        (deliveredUs, deliveredOther, gapOf, paidOther, paidUs, leakPaid) =
            (new double[cells], new double[cells], new double[cells], new double[cells], new double[cells], new double[cells]);
        (stock, gapStart, movedShare, componentGain) = (new double[c], new int[c], new double[c], new double[c]);
        var running = p * (periods + 1);
        (cumulativeOther, cumulativeUs, cumulativeLeak) = (new double[running], new double[running], new double[running]);
        (pairMoved, pairStock, pairSubstitute, pairLeak) = (new double[p], new double[p], new double[p], new double[p]);
        (pairAvailable, pairEffective, pairAvailabilitySum) = (new double[p], new double[p], new double[p]);
        (lowestEffective, output, outputSum, bindingFound) = (new double[e], new double[e], new double[e], new bool[e]);
        supplierEarned = new double[model.SupplierCount];
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
            licence[model.LicenceEdges[i]] = model.LicenceUniform(i, trial);
        }
        for (var c = 0; c < stockpile.Length; c++)
        {
            stockpile[c] = values[model.StockpileSlot[c]];
            substitution[c] = values[model.SubstitutionSlot[c]];
            ramp[c] = values[model.RampSlot[c]];
            rampRate[c] = ramp[c] > 0 ? model.MonthsPerPeriod / ramp[c] : 0;
        }
        for (var e = 0; e < demand.Length; e++)
        {
            demand[e] = values[model.DemandSlot[e]];
        }
    }

    /// <summary>MODEL.md section 4: each segment's delivery factor x (0 or 1) for this trial, summed into its pair's periods.</summary>
    private void ResolveSegments(PolicyPlan plan)
    {
        Array.Clear(deliveredUs);
        Array.Clear(deliveredOther);
        Array.Clear(gapOf);
        var (flows, pairs, from, to, codes) = (plan.SegmentFlow, plan.SegmentPair, plan.SegmentFrom, plan.SegmentTo, plan.SegmentCode);
        var (flowValue, flowUs, flowSupplyEdge) = (model.FlowValue, model.FlowUs, model.FlowSupplyEdge);
        for (var i = 0; i < flows.Length; i++)
        {
            var f = flows[i];
            var code = codes[i];
            var delivered = code == CompiledModel.Allow
                || (code != CompiledModel.Deny && licence[flowSupplyEdge[f]] < values[code]); // a licence: W_sc < approval
            var target = !delivered ? gapOf : flowUs[f] ? deliveredUs : deliveredOther;
            var value = flowValue[f];
            var cell = pairs[i] * periods;
            for (var t = from[i]; t < to[i]; t++)
            {
                target[cell + t] += value;
            }
        }
    }

    private void RunPolicy(PolicyPlan plan, Span<double> outcome, Span<long> binding)
    {
        ResolveSegments(plan);
        var (values, supplierEarned) = (this.values, this.supplierEarned);
        var leakage = values[plan.LeakageSlot];
        var leakageRevenue = values[plan.LeakageRevenueSlot];
        var decoupling = values[plan.DecouplingSlot];

        // The model's arrays as locals: the JIT keeps them in registers through the hot loops.
        var componentPairStart = model.ComponentPairStart;
        var pairRequirement = model.PairRequirement;
        var inverseRequirement = model.PairInverseRequirement;
        var pairCritical = model.PairCritical;
        var pairEndUse = model.PairEndUse;
        var pairComponent = model.PairComponent;
        var (staticUs, staticOther) = (plan.StaticUs, plan.StaticForeign);
        var pairCount = pairRequirement.Length;

        for (var c = 0; c < stock.Length; c++)
        {
            stock[c] = stockpile[c] / 12 * model.AnnualRequirement[c]; // Q_{c,0}: months of the annual requirement
            gapStart[c] = -1;
            componentGain[c] = 0;
        }
        Array.Clear(outputSum);
        Array.Clear(pairAvailabilitySum);
        double foreignGain = 0, used = 0, required = 0, usThroughStatic = 0;

        for (var t = 0; t < periods; t++)
        {
            Array.Fill(lowestEffective, double.PositiveInfinity);
            for (var c = 0; c < stock.Length; c++)
            {
                var pairsFrom = componentPairStart[c];
                var pairsTo = componentPairStart[c + 1];
                if (pairsFrom == pairsTo)
                {
                    continue;
                }
                // m_{c,t}: decoupling ramps from the start of the horizon (MODEL.md section 5).
                var moved = decoupling * substitution[c] * (ramp[c] == 0 ? 1 : Math.Min(1, (t + 1) * rampRate[c]));
                movedShare[c] = moved;
                var componentGap = 0.0;
                for (var p = pairsFrom; p < pairsTo; p++)
                {
                    componentGap += gapOf[(p * periods) + t];
                }
                if (componentGap > 0 && gapStart[c] < 0)
                {
                    gapStart[c] = t; // t0_c: the substitution ramp counts from the first gap and never resets
                }
                var fromStock = Math.Min(stock[c], componentGap); // P_c
                var stockShare = componentGap > 0 ? fromStock / componentGap : 0;
                var substituteRamp = ramp[c] == 0 ? 1 : gapStart[c] < 0 ? 0 : Math.Min(1, (t - gapStart[c] + 1) * rampRate[c]);
                var substitutes = substitution[c] * substituteRamp;
                for (var p = pairsFrom; p < pairsTo; p++)
                {
                    var cell = (p * periods) + t;
                    var us = staticUs[p] + deliveredUs[cell];
                    var shifted = us * moved;                                                       // H_ce
                    var direct = staticOther[p] + deliveredOther[cell] + us - shifted;                  // D_ce
                    var gap = gapOf[cell];                                                              // G_ce
                    var fromStockHere = stockShare * gap;                                               // P_ce, in proportion to G_ce
                    var substitute = substitutes * (gap - fromStockHere);                               // S_ce
                    var leak = leakage * (gap - fromStockHere - substitute);                            // K_ce
                    var available = direct + shifted + fromStockHere + substitute + leak;               // A_ce
                    (pairMoved[p], pairStock[p], pairSubstitute[p], pairLeak[p], pairAvailable[p]) = (shifted, fromStockHere, substitute, leak, available);
                    if (pairRequirement[p] > 0)
                    {
                        var availability = available * inverseRequirement[p];                           // a_ce
                        var effective = 1 - (pairCritical[p] * (1 - availability));                      // b_ce
                        pairEffective[p] = effective;
                        pairAvailabilitySum[p] += availability;
                        if (pairCritical[p] > 0)
                        {
                            var e = pairEndUse[p];
                            lowestEffective[e] = Math.Min(lowestEffective[e], effective);
                        }
                    }
                }
            }

            // y_e = min(demand_e, min over critical inputs with supply of b_ce).
            for (var e = 0; e < output.Length; e++)
            {
                output[e] = Math.Min(demand[e], lowestEffective[e]);
                outputSum[e] += output[e];
                outcome[layout.OutputByPeriod(e, t, periods)] = output[e];
                bindingFound[e] = !(output[e] < demand[e] - ModelDefaults.TieTolerance);
            }

            for (var p = 0; p < pairCount; p++)
            {
                var cell = (p * periods) + t;
                var requirement = pairRequirement[p];
                if (requirement <= 0)
                {
                    (paidOther[cell], paidUs[cell], leakPaid[cell]) = (0, 0, 0); // pairs with R_ce = 0 take no part
                    continue;
                }
                var e = pairEndUse[p];
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
                var c = pairComponent[p];
                var keptUs = drawn * (1 - movedShare[c]);
                var gap = gapOf[cell];
                (paidOther[cell], paidUs[cell]) = (drawn, keptUs);
                leakPaid[cell] = gap > 0 ? drawn * pairLeak[p] / gap : 0; // each flow leaks in proportion to its gap
                usThroughStatic += keptUs * staticUs[p];
                var gain = drawn * (pairSubstitute[p] + pairMoved[p]);
                foreignGain += gain;
                componentGain[c] += gain;
                stock[c] -= drawn * pairStock[p]; // only what was used leaves the stock
            }
        }

        var usThrough = PayFlows(plan, leakageRevenue) + usThroughStatic;
        WriteOutcome(outcome, usThrough, foreignGain, used, required);
    }

    /// <summary>
    /// MODEL.md section 5, revenue: a flow earns rho (d_f + leakage_revenue K g_f / G) each period; summed here from the
    /// per-(pair, period) rates. Returns the US suppliers' flows' supply through, sum of rho (d_f + K g_f / G), less
    /// the static part the period loop already counted.
    /// </summary>
    private double PayFlows(PolicyPlan plan, double leakageRevenue)
    {
        Array.Clear(supplierEarned);
        var (flowValue, flowUs, flowSupplier, flowSupplyEdge) = (model.FlowValue, model.FlowUs, model.FlowSupplier, model.FlowSupplyEdge);
        var usThrough = 0.0;

        // Running sums over periods, per pair: a flow's rate over periods [from, to) is then one subtraction.
        var stride = periods + 1;
        for (var p = 0; p < model.PairCount; p++)
        {
            var (cell, running) = (p * periods, p * stride);
            cumulativeOther[running] = cumulativeUs[running] = cumulativeLeak[running] = 0;
            for (var t = 0; t < periods; t++)
            {
                cumulativeOther[running + t + 1] = cumulativeOther[running + t] + paidOther[cell + t];
                cumulativeUs[running + t + 1] = cumulativeUs[running + t] + paidUs[cell + t];
                cumulativeLeak[running + t + 1] = cumulativeLeak[running + t] + leakPaid[cell + t];
            }
        }

        var (staticFlows, staticPair) = (plan.StaticFlows, plan.StaticFlowPair);
        for (var i = 0; i < staticFlows.Length; i++)
        {
            var f = staticFlows[i];
            var end = (staticPair[i] * stride) + periods;
            supplierEarned[flowSupplier[f]] += flowValue[f] * (flowUs[f] ? cumulativeUs[end] : cumulativeOther[end]);
        }

        var (flows, pairs, from, to, codes) = (plan.SegmentFlow, plan.SegmentPair, plan.SegmentFrom, plan.SegmentTo, plan.SegmentCode);
        for (var i = 0; i < flows.Length; i++)
        {
            var f = flows[i];
            var code = codes[i];
            var delivered = code == CompiledModel.Allow
                || (code != CompiledModel.Deny && licence[flowSupplyEdge[f]] < values[code]);
            var rates = !delivered ? cumulativeLeak : flowUs[f] ? cumulativeUs : cumulativeOther;
            var running = pairs[i] * stride;
            var value = flowValue[f] * (rates[running + to[i]] - rates[running + from[i]]);
            supplierEarned[flowSupplier[f]] += delivered ? value : leakageRevenue * value;
            if (flowUs[f])
            {
                usThrough += value; // delivered: rho d_f; denied: rho K g_f / G, paid or not
            }
        }
        return usThrough;
    }

    private void WriteOutcome(Span<double> outcome, double usThrough, double foreignGain, double used, double required)
    {
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
            outcome[MetricLayout.OutputStart + e] = outputSum[e] / periods;
        }
        var pairs = layout.AvailabilityPairs;
        for (var i = 0; i < pairs.Length; i++)
        {
            outcome[layout.AvailabilityStart + i] = pairAvailabilitySum[pairs[i]] / periods;
        }
        var supplied = layout.SuppliedComponents;
        for (var i = 0; i < supplied.Length; i++)
        {
            outcome[layout.ForeignGainByComponentStart + i] = componentGain[supplied[i]];
        }
    }
}
