namespace SupplyShock.Core.Engine;

using System.Numerics;
using SupplyShock.Core.Model;
using SupplyShock.Core.Sampling;

/// <summary>
/// <see cref="TrialKernel"/> on <see cref="Lanes"/> trials at once: each double of the scalar kernel becomes a
/// <see cref="Vector{T}"/> holding that quantity for consecutive trials, and each branch on data a per-lane select.
/// Every operation is the scalar kernel's, in the same order, so each lane gives exactly the scalar kernel's bits
/// (a test checks this); the structure of the loops (components, pairs, segments) is the same for every lane.
/// </summary>
public sealed class VectorTrialKernel
{
    public static int Lanes => Vector<double>.Count;

    private readonly CompiledModel model;
    private readonly MetricLayout layout;
    private readonly int periods;
    private readonly int lanes = Vector<double>.Count;

    // Per group of trials.
    private readonly double[] draws;
    private readonly double[] copulaScratch;
    private readonly double[][] laneValues;   // [lane][slot]
    private readonly Vector<double>[] values; // [slot]
    private readonly Vector<double>[] licence; // [supply edge]
    private readonly Vector<double>[] stockpile;
    private readonly Vector<double>[] substitution;
    private readonly Vector<double>[] ramp;
    private readonly Vector<double>[] rampRate;
    private readonly Vector<double>[] demand;
    private readonly double[] lane;

    // Per policy: [pair * periods + t], and running sums [pair * (periods + 1) + t].
    private readonly Vector<double>[] deliveredUs;
    private readonly Vector<double>[] deliveredOther;
    private readonly Vector<double>[] gapOf;
    private readonly Vector<double>[] paidOther;
    private readonly Vector<double>[] paidUs;
    private readonly Vector<double>[] leakPaid;
    private readonly Vector<double>[] cumulativeOther;
    private readonly Vector<double>[] cumulativeUs;
    private readonly Vector<double>[] cumulativeLeak;

    // Per policy and period.
    private readonly Vector<double>[] stock;
    private readonly Vector<double>[] gapStart;   // t0_c as a double, -1 before the first gap
    private readonly Vector<double>[] movedShare;
    private readonly Vector<double>[] pairMoved;
    private readonly Vector<double>[] pairStock;
    private readonly Vector<double>[] pairSubstitute;
    private readonly Vector<double>[] pairLeak;
    private readonly Vector<double>[] pairAvailable;
    private readonly Vector<double>[] pairEffective;
    private readonly Vector<double>[] pairAvailabilitySum;
    private readonly Vector<double>[] lowestEffective;
    private readonly Vector<double>[] output;
    private readonly Vector<double>[] outputSum;
    private readonly Vector<long>[] bindingFound;  // all ones in a lane once that lane's binding input is found
    private readonly Vector<double>[] supplierEarned;
    private readonly Vector<double>[] componentGain;

    public VectorTrialKernel(CompiledModel model)
    {
        this.model = model;
        layout = model.Layout;
        periods = model.Periods;
        draws = new double[model.Sampler.Inputs.Count];
        copulaScratch = new double[model.Sampler.CorrelatedCount];
        laneValues = Enumerable.Range(0, lanes).Select(_ => (double[])model.SlotTemplate.Clone()).ToArray();
        values = new Vector<double>[model.SlotTemplate.Length];
        lane = new double[lanes];
        licence = new Vector<double>[model.SupplyEdgeCount];
        var (c, e, p) = (model.ComponentCount, model.EndUseCount, model.PairCount);
        (stockpile, substitution, ramp, rampRate, demand) = (new Vector<double>[c], new Vector<double>[c], new Vector<double>[c], new Vector<double>[c], new Vector<double>[e]);
        var cells = p * periods;
        (deliveredUs, deliveredOther, gapOf) = (new Vector<double>[cells], new Vector<double>[cells], new Vector<double>[cells]);
        (paidOther, paidUs, leakPaid) = (new Vector<double>[cells], new Vector<double>[cells], new Vector<double>[cells]);
        var running = p * (periods + 1);
        (cumulativeOther, cumulativeUs, cumulativeLeak) = (new Vector<double>[running], new Vector<double>[running], new Vector<double>[running]);
        (stock, gapStart, movedShare, componentGain) = (new Vector<double>[c], new Vector<double>[c], new Vector<double>[c], new Vector<double>[c]);
        (pairMoved, pairStock, pairSubstitute, pairLeak) = (new Vector<double>[p], new Vector<double>[p], new Vector<double>[p], new Vector<double>[p]);
        (pairAvailable, pairEffective, pairAvailabilitySum) = (new Vector<double>[p], new Vector<double>[p], new Vector<double>[p]);
        (lowestEffective, output, outputSum, bindingFound) = (new Vector<double>[e], new Vector<double>[e], new Vector<double>[e], new Vector<long>[e]);
        supplierEarned = new Vector<double>[model.SupplierCount];
    }

    /// <summary>
    /// Runs trials <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> - 1 (count at most
    /// <see cref="Lanes"/>). <paramref name="outcomes"/> holds one outcome vector (as <see cref="TrialKernel"/> writes it)
    /// per trial, back to back; <paramref name="binding"/> counts binding periods of the valid trials.
    /// </summary>
    public void Run(long first, int count, Span<double> outcomes, Span<long> binding)
    {
        var valid = ValidMask(count);
        Draw(first, count);
        var width = model.Policies.Length * layout.Count;
        for (var p = 0; p < model.Policies.Length; p++)
        {
            RunPolicy(model.Policies[p], outcomes, width, p * layout.Count, count, binding.Slice(p * model.PairCount, model.PairCount), valid);
        }
    }

    private Vector<long> ValidMask(int count)
    {
        Span<long> bits = stackalloc long[lanes];
        for (var l = 0; l < lanes; l++)
        {
            bits[l] = l < count ? -1 : 0;
        }
        return new Vector<long>(bits);
    }


    /// <summary>MODEL.md sections 3 and 7, per lane: lanes past <paramref name="count"/> repeat the first trial and are ignored.</summary>
    private void Draw(long first, int count)
    {
        for (var l = 0; l < lanes; l++)
        {
            var trial = first + (l < count ? l : 0);
            model.Sampler.Draw(trial, draws, copulaScratch);
            var slots = laneValues[l];
            for (var i = 0; i < draws.Length; i++)
            {
                slots[model.RandomSlots[i]] = draws[i];
            }
        }
        // Plain loops, not a gather delegate: nothing is allocated per trial.
        for (var s = 0; s < values.Length; s++)
        {
            for (var l = 0; l < lanes; l++)
            {
                lane[l] = laneValues[l][s];
            }
            values[s] = new Vector<double>(lane);
        }
        for (var i = 0; i < model.LicenceEdges.Length; i++)
        {
            for (var l = 0; l < lanes; l++)
            {
                lane[l] = model.LicenceUniform(i, first + (l < count ? l : 0));
            }
            licence[model.LicenceEdges[i]] = new Vector<double>(lane);
        }
        var months = new Vector<double>(model.MonthsPerPeriod);
        for (var c = 0; c < stockpile.Length; c++)
        {
            stockpile[c] = values[model.StockpileSlot[c]];
            substitution[c] = values[model.SubstitutionSlot[c]];
            ramp[c] = values[model.RampSlot[c]];
            rampRate[c] = Vector.ConditionalSelect(Vector.GreaterThan(ramp[c], Vector<double>.Zero), months / ramp[c], Vector<double>.Zero);
        }
        for (var e = 0; e < demand.Length; e++)
        {
            demand[e] = values[model.DemandSlot[e]];
        }
    }

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
            var value = new Vector<double>(flowValue[f]);
            var target = flowUs[f] ? deliveredUs : deliveredOther;
            var cell = pairs[i] * periods;
            if (code < 0)
            {
                // Allowed or denied in every lane: one sum to add to.
                var into = code == CompiledModel.Allow ? target : gapOf;
                for (var t = from[i]; t < to[i]; t++)
                {
                    into[cell + t] += value;
                }
                continue;
            }
            var delivered = Vector.LessThan(licence[flowSupplyEdge[f]], values[code]); // a licence: W_sc < approval
            var toDelivered = Vector.ConditionalSelect(delivered, value, Vector<double>.Zero);
            var toGap = Vector.ConditionalSelect(delivered, Vector<double>.Zero, value);
            for (var t = from[i]; t < to[i]; t++)
            {
                target[cell + t] += toDelivered;
                gapOf[cell + t] += toGap;
            }
        }
    }

    private void RunPolicy(PolicyPlan plan, Span<double> outcomes, int width, int offset, int count, Span<long> binding, Vector<long> valid)
    {
        ResolveSegments(plan);
        var values = this.values;
        var leakage = values[plan.LeakageSlot];
        var leakageRevenue = values[plan.LeakageRevenueSlot];
        var decoupling = values[plan.DecouplingSlot];
        var one = Vector<double>.One;
        var zero = Vector<double>.Zero;
        var tolerance = new Vector<double>(ModelDefaults.TieTolerance);

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
            stock[c] = stockpile[c] / new Vector<double>(12) * new Vector<double>(model.AnnualRequirement[c]); // Q_{c,0}
            gapStart[c] = new Vector<double>(-1);
            componentGain[c] = zero;
        }
        Array.Clear(outputSum);
        Array.Clear(pairAvailabilitySum);
        Vector<double> foreignGain = zero, used = zero, usThroughStatic = zero;
        var required = 0.0;

        for (var t = 0; t < periods; t++)
        {
            var period = new Vector<double>(t);
            Array.Fill(lowestEffective, new Vector<double>(double.PositiveInfinity));
            for (var c = 0; c < stock.Length; c++)
            {
                var pairsFrom = componentPairStart[c];
                var pairsTo = componentPairStart[c + 1];
                if (pairsFrom == pairsTo)
                {
                    continue;
                }
                var rampZero = Vector.Equals(ramp[c], zero);
                var moved = decoupling * substitution[c] * Vector.ConditionalSelect(rampZero, one, Vector.Min(one, (period + one) * rampRate[c]));
                movedShare[c] = moved;
                var componentGap = zero;
                for (var p = pairsFrom; p < pairsTo; p++)
                {
                    componentGap += gapOf[(p * periods) + t];
                }
                var hasGap = Vector.GreaterThan(componentGap, zero);
                var beforeFirstGap = Vector.LessThan(gapStart[c], zero);
                gapStart[c] = Vector.ConditionalSelect(hasGap & beforeFirstGap, period, gapStart[c]);
                var fromStock = Vector.Min(stock[c], componentGap);
                var stockShare = Vector.ConditionalSelect(hasGap, fromStock / componentGap, zero);
                var substituteRamp = Vector.ConditionalSelect(
                    rampZero,
                    one,
                    Vector.ConditionalSelect(Vector.LessThan(gapStart[c], zero), zero, Vector.Min(one, (period - gapStart[c] + one) * rampRate[c])));
                var substitutes = substitution[c] * substituteRamp;
                for (var p = pairsFrom; p < pairsTo; p++)
                {
                    var cell = (p * periods) + t;
                    var us = new Vector<double>(staticUs[p]) + deliveredUs[cell];
                    var shifted = us * moved;
                    var direct = new Vector<double>(staticOther[p]) + deliveredOther[cell] + us - shifted;
                    var gap = gapOf[cell];
                    var fromStockHere = stockShare * gap;
                    var substitute = substitutes * (gap - fromStockHere);
                    var leak = leakage * (gap - fromStockHere - substitute);
                    var available = direct + shifted + fromStockHere + substitute + leak;
                    (pairMoved[p], pairStock[p], pairSubstitute[p], pairLeak[p], pairAvailable[p]) = (shifted, fromStockHere, substitute, leak, available);
                    if (pairRequirement[p] > 0)
                    {
                        var availability = available * new Vector<double>(inverseRequirement[p]);
                        var effective = one - (new Vector<double>(pairCritical[p]) * (one - availability));
                        pairEffective[p] = effective;
                        pairAvailabilitySum[p] += availability;
                        if (pairCritical[p] > 0)
                        {
                            var e = pairEndUse[p];
                            lowestEffective[e] = Vector.Min(lowestEffective[e], effective);
                        }
                    }
                }
            }

            for (var e = 0; e < output.Length; e++)
            {
                output[e] = Vector.Min(demand[e], lowestEffective[e]);
                outputSum[e] += output[e];
                var index = offset + layout.OutputByPeriod(e, t, periods);
                for (var l = 0; l < count; l++)
                {
                    outcomes[(l * width) + index] = output[e][l];
                }
                bindingFound[e] = ~Vector.LessThan(output[e], demand[e] - tolerance);
            }

            for (var p = 0; p < pairCount; p++)
            {
                var cell = (p * periods) + t;
                var requirement = pairRequirement[p];
                if (requirement <= 0)
                {
                    (paidOther[cell], paidUs[cell], leakPaid[cell]) = (zero, zero, zero);
                    continue;
                }
                var e = pairEndUse[p];
                if (pairCritical[p] > 0)
                {
                    var binds = ~bindingFound[e] & Vector.LessThanOrEqual(pairEffective[p], lowestEffective[e] + tolerance);
                    binding[p] += Count(binds & valid);
                    bindingFound[e] |= binds;
                }
                var available = pairAvailable[p];
                var use = Vector.Min(output[e] * new Vector<double>(requirement), available);
                var drawn = Vector.ConditionalSelect(Vector.GreaterThan(available, zero), use / available, zero);
                used += use;
                required += requirement;
                var c = pairComponent[p];
                var keptUs = drawn * (one - movedShare[c]);
                var gap = gapOf[cell];
                (paidOther[cell], paidUs[cell]) = (drawn, keptUs);
                leakPaid[cell] = Vector.ConditionalSelect(Vector.GreaterThan(gap, zero), drawn * pairLeak[p] / gap, zero);
                usThroughStatic += keptUs * new Vector<double>(staticUs[p]);
                var gain = drawn * (pairSubstitute[p] + pairMoved[p]);
                foreignGain += gain;
                componentGain[c] += gain;
                stock[c] -= drawn * pairStock[p];
            }
        }

        var usThrough = PayFlows(plan, leakageRevenue) + usThroughStatic;
        WriteOutcome(outcomes, width, offset, count, usThrough, foreignGain, used, required);
    }

    private static long Count(Vector<long> mask)
    {
        long n = 0;
        for (var l = 0; l < Vector<long>.Count; l++)
        {
            n += mask[l] != 0 ? 1 : 0;
        }
        return n;
    }

    private Vector<double> PayFlows(PolicyPlan plan, Vector<double> leakageRevenue)
    {
        Array.Clear(supplierEarned);
        var (flowValue, flowUs, flowSupplier, flowSupplyEdge) = (model.FlowValue, model.FlowUs, model.FlowSupplier, model.FlowSupplyEdge);
        var usThrough = Vector<double>.Zero;
        var stride = periods + 1;
        for (var p = 0; p < model.PairCount; p++)
        {
            var (cell, running) = (p * periods, p * stride);
            cumulativeOther[running] = cumulativeUs[running] = cumulativeLeak[running] = Vector<double>.Zero;
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
            supplierEarned[flowSupplier[f]] += new Vector<double>(flowValue[f]) * (flowUs[f] ? cumulativeUs[end] : cumulativeOther[end]);
        }

        var (flows, pairs, from, to, codes) = (plan.SegmentFlow, plan.SegmentPair, plan.SegmentFrom, plan.SegmentTo, plan.SegmentCode);
        for (var i = 0; i < flows.Length; i++)
        {
            var f = flows[i];
            var code = codes[i];
            var delivered = code == CompiledModel.Allow ? new Vector<long>(-1)
                : code == CompiledModel.Deny ? Vector<long>.Zero
                : Vector.LessThan(licence[flowSupplyEdge[f]], values[code]);
            var rates = flowUs[f] ? cumulativeUs : cumulativeOther;
            var running = pairs[i] * stride;
            var (a, b) = (running + from[i], running + to[i]);
            var value = new Vector<double>(flowValue[f]) * Vector.ConditionalSelect(delivered, rates[b] - rates[a], cumulativeLeak[b] - cumulativeLeak[a]);
            supplierEarned[flowSupplier[f]] += Vector.ConditionalSelect(delivered, value, leakageRevenue * value);
            if (flowUs[f])
            {
                usThrough += value;
            }
        }
        return usThrough;
    }

    private void WriteOutcome(Span<double> outcomes, int width, int offset, int count, Vector<double> usThrough, Vector<double> foreignGain, Vector<double> used, double required)
    {
        var usBaseline = layout.Hi[MetricLayout.UsRevenueLost];
        var usEarned = Vector<double>.Zero;
        for (var s = 0; s < supplierEarned.Length; s++)
        {
            if (model.SupplierUs[s])
            {
                usEarned += supplierEarned[s];
            }
        }
        var lost = new Vector<double>(usBaseline) - usEarned;
        for (var l = 0; l < count; l++)
        {
            var outcome = outcomes.Slice((l * width) + offset, layout.Count);
            for (var s = 0; s < supplierEarned.Length; s++)
            {
                outcome[layout.LostBySupplierStart + s] = model.SupplierBaseline[s] - supplierEarned[s][l];
            }
            outcome[MetricLayout.UsRevenueLost] = lost[l];
            outcome[MetricLayout.UsRevenueLostShare] = usBaseline > 0 ? lost[l] / usBaseline : 0;
            outcome[MetricLayout.SupplyThrough] = required > 0 ? used[l] / required : 1;
            outcome[MetricLayout.UsSupplyThrough] = usBaseline > 0 ? usThrough[l] / usBaseline : 1;
            outcome[MetricLayout.ForeignGain] = foreignGain[l];
            outcome[MetricLayout.UsRevenueBaseline] = usBaseline;
            for (var e = 0; e < output.Length; e++)
            {
                outcome[MetricLayout.OutputStart + e] = outputSum[e][l] / periods;
            }
            var pairs = layout.AvailabilityPairs;
            for (var i = 0; i < pairs.Length; i++)
            {
                outcome[layout.AvailabilityStart + i] = pairAvailabilitySum[pairs[i]][l] / periods;
            }
            var supplied = layout.SuppliedComponents;
            for (var i = 0; i < supplied.Length; i++)
            {
                outcome[layout.ForeignGainByComponentStart + i] = componentGain[supplied[i]][l];
            }
        }
    }
}
