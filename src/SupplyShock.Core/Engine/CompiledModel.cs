namespace SupplyShock.Core.Engine;

using SupplyShock.Core.Model;
using SupplyShock.Core.Sampling;

/// <summary>
/// A validated scenario turned into flat, int-indexed arrays for the trial kernel (MODEL.md sections 1 to 5).
/// Pairs (c, e) are sorted by component then end use, and flows by pair, so every sum of section 5 is a
/// contiguous range. Every uncertain input is a slot of a per-trial value array: random slots first (one per
/// named parameter or inline distribution, drawn by <see cref="Sampler"/>), then constants.
/// </summary>
public sealed class CompiledModel
{
    /// <summary>Decision codes of a flow in a period: not subject or allowed, denied, or a licence whose approval is in a slot (&gt;= 0).</summary>
    public const int Allow = -1;
    public const int Deny = -2;

    public required ValidScenario Scenario { get; init; }
    public required int Periods { get; init; }
    public required double MonthsPerPeriod { get; init; }
    public required ParameterSampler Sampler { get; init; }

    /// <summary>The value array a trial starts from: constants filled in, random slots overwritten per trial.</summary>
    public required double[] SlotTemplate { get; init; }

    // Components (MODEL.md section 1 and 5).
    public required int[] StockpileSlot { get; init; }
    public required int[] SubstitutionSlot { get; init; }
    public required int[] RampSlot { get; init; }
    public required double[] AnnualRequirement { get; init; }
    public required int[] ComponentPairStart { get; init; }

    // End uses.
    public required int[] DemandSlot { get; init; }

    // Pairs (c, e), one per bom edge.
    public required int[] PairComponent { get; init; }
    public required int[] PairEndUse { get; init; }
    public required double[] PairRequirement { get; init; }  // R_ce per period
    public double[] PairInverseRequirement => pairInverseRequirement ??= PairRequirement.Select(r => r > 0 ? 1 / r : 0).ToArray();
    private double[]? pairInverseRequirement;
    public required double[] PairCritical { get; init; }
    public required int[] PairFlowStart { get; init; }
    public required int[] PairBomEdge { get; init; }

    // Flows (s, c, e), by pair.
    public required double[] FlowValue { get; init; }        // v_{f,t}, per period
    public required int[] FlowSupplier { get; init; }
    public required int[] FlowSupplyEdge { get; init; }
    public required bool[] FlowUs { get; init; }

    // Suppliers.
    public required bool[] SupplierUs { get; init; }
    public required double[] SupplierBaseline { get; init; }  // over the horizon

    /// <summary>Supply edges that need a licence uniform W in some policy, and the keyed stream of each.</summary>
    public required int[] LicenceEdges { get; init; }
    public required ulong[] LicenceStreams { get; init; }

    /// <summary>Under a Sobol design: the licence draws' streams of matrix B (design columns after the random inputs).</summary>
    public required ulong[] LicenceStreamsB { get; init; }

    /// <summary>The Saltelli design the trials follow, or null for an ordinary run (<see cref="RunOptions.Design"/>).</summary>
    public Sensitivity.SobolDesign? Design { get; init; }

    /// <summary>W of licence edge <paramref name="i"/> (MODEL.md section 4) in <paramref name="trial"/>: keyed by edge and trial, or by the design.</summary>
    public double LicenceUniform(int i, long trial) => Design is null
        ? Sobol is null ? KeyedRandom.Uniform(LicenceStreams[i], trial) : Sobol.Uniform(trial, Sampler.Inputs.Count + i)
        : ParameterSampler.DesignUniform(Design, LicenceStreams[i], LicenceStreamsB[i], Sampler.Inputs.Count + i, trial);

    /// <summary>
    /// Under the sobol sampler, the trials' points: the random inputs are dimensions 0..I-1 in draw order and the licence
    /// draws dimensions I.. in edge order, the numbering of a Sobol design's columns. Null for other samplers.
    /// </summary>
    public SobolTrials? Sobol { get; init; }

    public required PolicyPlan[] Policies { get; init; }

    /// <summary>The slot each random input of <see cref="Sampler"/> is written to.</summary>
    public required int[] RandomSlots { get; init; }

    public MetricLayout Layout { get; internal set; } = null!;

    public int ComponentCount => StockpileSlot.Length;
    public int EndUseCount => DemandSlot.Length;
    public int PairCount => PairComponent.Length;
    public int FlowCount => FlowValue.Length;
    public int SupplierCount => SupplierUs.Length;
    public int SupplyEdgeCount => Scenario.Supply.Count;
}

/// <summary>
/// One policy ready for the kernel: its slots and a decision code per (period, flow). Flows delivered in every
/// period ("static") never open a gap, so the kernel handles them as sums per pair and pays them at the end of the
/// trial. Every other flow is cut into segments: runs of periods with the same decision code. A trial resolves each
/// segment once (delivered or not) into per-(pair, period) sums, so no flow is visited period by period.
/// </summary>
public sealed record PolicyPlan(string Name, int LeakageSlot, int LeakageRevenueSlot, int DecouplingSlot, int[] Decisions)
{
    public double[] StaticForeign { get; private set; } = [];
    public double[] StaticUs { get; private set; } = [];
    public int[] StaticFlows { get; private set; } = [];
    public int[] StaticFlowPair { get; private set; } = [];

    // Segments of the other flows: flow, pair, periods [From, To), decision code.
    public int[] SegmentFlow { get; private set; } = [];
    public int[] SegmentPair { get; private set; } = [];
    public int[] SegmentFrom { get; private set; } = [];
    public int[] SegmentTo { get; private set; } = [];
    public int[] SegmentCode { get; private set; } = [];

    internal void SplitFlows(int[] pairFlowStart, double[] flowValue, bool[] flowUs, int periods)
    {
        var flows = flowValue.Length;
        var pairs = pairFlowStart.Length - 1;
        var (staticFlows, staticPair) = (new List<int>(), new List<int>());
        var (segmentFlow, segmentPair, segmentFrom, segmentTo, segmentCode) = (new List<int>(), new List<int>(), new List<int>(), new List<int>(), new List<int>());
        var (foreign, us) = (new double[pairs], new double[pairs]);
        for (var p = 0; p < pairs; p++)
        {
            for (var f = pairFlowStart[p]; f < pairFlowStart[p + 1]; f++)
            {
                if (Enumerable.Range(0, periods).All(t => Decisions[(t * flows) + f] == CompiledModel.Allow))
                {
                    staticFlows.Add(f);
                    staticPair.Add(p);
                    if (flowUs[f])
                    {
                        us[p] += flowValue[f];
                    }
                    else
                    {
                        foreign[p] += flowValue[f];
                    }
                    continue;
                }
                for (var from = 0; from < periods;)
                {
                    var code = Decisions[(from * flows) + f];
                    var to = from + 1;
                    while (to < periods && Decisions[(to * flows) + f] == code)
                    {
                        to++;
                    }
                    segmentFlow.Add(f);
                    segmentPair.Add(p);
                    segmentFrom.Add(from);
                    segmentTo.Add(to);
                    segmentCode.Add(code);
                    from = to;
                }
            }
        }
        (StaticFlows, StaticFlowPair, StaticForeign, StaticUs) = ([.. staticFlows], [.. staticPair], foreign, us);
        (SegmentFlow, SegmentPair, SegmentFrom, SegmentTo, SegmentCode) = ([.. segmentFlow], [.. segmentPair], [.. segmentFrom], [.. segmentTo], [.. segmentCode]);
    }
}

/// <summary>Compiles a validated scenario for a run: which policies, seed, sampler and trials.</summary>
public static class ModelCompiler
{
    /// <summary>
    /// The points of a sobol run. Its standard errors come from R whole replicates, so trials are a multiple of R; a
    /// caller that lets users choose checks this first (a mistake here is a bug).
    /// </summary>
    private static SobolTrials SobolPoints(RunOptions options, int dimensions)
    {
        if (options.Replicates < 2 || options.Trials % options.Replicates != 0 || options.Design is not null)
        {
            throw new ArgumentException($"a sobol run needs at least 2 replicates, trials a multiple of them and no design (got {options.Trials} trials, {options.Replicates} replicates)", nameof(options));
        }
        return new SobolTrials(dimensions, options.Seed, options.Replicates);
    }

    public static CompiledModel Compile(ValidScenario scenario, RunOptions options)
    {
        var slots = new SlotTable(scenario);
        var periods = scenario.Horizon.Periods;
        var months = scenario.Horizon.MonthsPerPeriod;
        var fraction = months / 12.0;

        var components = scenario.Components;
        var stockpile = components.Select(c => slots.Of(c.Stockpile, $"components.{c.Id}.stockpile")).ToArray();
        var substitution = components.Select(c => slots.Of(c.Substitution, $"components.{c.Id}.substitution")).ToArray();
        var ramp = components.Select(c => slots.Of(c.Ramp, $"components.{c.Id}.ramp")).ToArray();
        var demand = scenario.EndUses.Select(e => slots.Of(e.Demand, $"end_uses.{e.Id}.demand")).ToArray();
        var annual = new double[components.Count];
        foreach (var edge in scenario.Supply)
        {
            annual[edge.Component] += edge.Value;
        }

        // Pairs by component then end use; flows by pair, in supply order within a pair.
        var pairs = Enumerable.Range(0, scenario.Bom.Count)
            .OrderBy(b => scenario.Bom[b].Component).ThenBy(b => scenario.Bom[b].EndUse).ToArray();
        var flowsByBom = scenario.Flows.GroupBy(f => f.BomEdge).ToDictionary(g => g.Key, g => g.ToArray());
        var flows = new List<Flow>(scenario.Flows.Count);
        var pairFlowStart = new int[pairs.Length + 1];
        var componentPairStart = new int[components.Count + 1];
        for (var p = 0; p < pairs.Length; p++)
        {
            pairFlowStart[p] = flows.Count;
            flows.AddRange(flowsByBom.GetValueOrDefault(pairs[p], []));
        }
        pairFlowStart[pairs.Length] = flows.Count;
        for (int c = 0, p = 0; c <= components.Count; c++)
        {
            while (p < pairs.Length && scenario.Bom[pairs[p]].Component < c)
            {
                p++;
            }
            componentPairStart[c] = p;
        }

        var selected = options.Policies is { Count: > 0 } names
            ? scenario.Policies.Where(p => names.Contains(p.Name)).ToArray()
            : scenario.Policies.ToArray();
        var licenceEdges = new SortedSet<int>();
        var plans = selected.Select(p => Plan(scenario, p, flows, periods, slots, licenceEdges)).ToArray();

        var supplierBaseline = new double[scenario.Suppliers.Count];
        foreach (var f in flows)
        {
            supplierBaseline[f.Supplier] += f.AnnualValue * fraction * periods;
        }

        var sobol = options.Sampler == Sampler.Sobol ? SobolPoints(options, slots.RandomInputs.Count + licenceEdges.Count) : null;
        var sampler = new ParameterSampler(slots.RandomInputs, scenario.Correlations, options.Seed, options.Sampler, options.Trials, options.Design, options.CopulaOrder, sobol);
        var licenceKeys = licenceEdges.Select(e => KeyedRandom.LicenceKey(scenario.Suppliers[scenario.Supply[e].Supplier].Id, scenario.Components[scenario.Supply[e].Component].Id)).ToArray();
        var model = new CompiledModel
        {
            Scenario = scenario,
            Periods = periods,
            MonthsPerPeriod = months,
            Sampler = sampler,
            SlotTemplate = slots.Template(),
            StockpileSlot = stockpile,
            SubstitutionSlot = substitution,
            RampSlot = ramp,
            AnnualRequirement = annual,
            ComponentPairStart = componentPairStart,
            DemandSlot = demand,
            PairComponent = pairs.Select(b => scenario.Bom[b].Component).ToArray(),
            PairEndUse = pairs.Select(b => scenario.Bom[b].EndUse).ToArray(),
            PairRequirement = pairs.Select(b => annual[scenario.Bom[b].Component] * scenario.Bom[b].Share * fraction).ToArray(),
            PairCritical = pairs.Select(b => scenario.Bom[b].Critical).ToArray(),
            PairFlowStart = pairFlowStart,
            PairBomEdge = pairs,
            FlowValue = flows.Select(f => f.AnnualValue * fraction).ToArray(),
            FlowSupplier = flows.Select(f => f.Supplier).ToArray(),
            FlowSupplyEdge = flows.Select(f => f.SupplyEdge).ToArray(),
            FlowUs = flows.Select(f => scenario.Suppliers[f.Supplier].Us).ToArray(),
            SupplierUs = scenario.Suppliers.Select(s => s.Us).ToArray(),
            SupplierBaseline = supplierBaseline,
            LicenceEdges = [.. licenceEdges],
            LicenceStreams = licenceKeys.Select(k => KeyedRandom.StreamKey(options.Seed, k)).ToArray(),
            LicenceStreamsB = options.Design is null ? [] : licenceKeys.Select(k => KeyedRandom.StreamKey(options.Seed, ParameterSampler.DesignBKey(k))).ToArray(),
            Design = options.Design,
            Sobol = sobol,
            Policies = plans,
            RandomSlots = slots.RandomSlots(),
        };
        model.Layout = new MetricLayout(model);
        foreach (var plan in plans)
        {
            plan.SplitFlows(model.PairFlowStart, model.FlowValue, model.FlowUs, periods);
        }
        return model;
    }

    /// <summary>MODEL.md section 4 resolved once: the decision code of every flow in every period.</summary>
    private static PolicyPlan Plan(ValidScenario scenario, Policy policy, List<Flow> flows, int periods, SlotTable slots, SortedSet<int> licenceEdges)
    {
        var decisions = new int[periods * flows.Count];
        for (var t = 0; t < periods; t++)
        {
            for (var f = 0; f < flows.Count; f++)
            {
                var flow = flows[f];
                var code = CompiledModel.Allow;
                if (PolicyEvaluation.IsSubject(PolicyEvaluation.Subject(policy, scenario.Supply[flow.SupplyEdge], t)))
                {
                    var r = PolicyEvaluation.DecidingRule(scenario, policy, flow, t);
                    var rule = r < 0 ? null : policy.Rules[r];
                    code = rule?.Action switch
                    {
                        RuleAction.Allow => CompiledModel.Allow,
                        RuleAction.License => slots.Of(rule.Approval!, $"policies.{policy.Name}.rules.{rule.Key}.approval"),
                        _ => CompiledModel.Deny, // a deny rule, or no rule: the presumption of denial
                    };
                    if (code >= 0)
                    {
                        licenceEdges.Add(flow.SupplyEdge);
                    }
                }
                decisions[(t * flows.Count) + f] = code;
            }
        }
        return new PolicyPlan(
            policy.Name,
            slots.Of(policy.Leakage, $"policies.{policy.Name}.leakage"),
            slots.Of(policy.LeakageRevenue, $"policies.{policy.Name}.leakage_revenue"),
            slots.Of(policy.Decoupling, $"policies.{policy.Name}.decoupling"),
            decisions);
    }

    /// <summary>Gives each uncertain input a slot: one per named parameter, one per inline distribution (by its key), one per constant.</summary>
    private sealed class SlotTable
    {
        private readonly Dictionary<string, int> randomSlot = new(StringComparer.Ordinal);
        private readonly List<RandomInput> inputs = [];
        private readonly List<int> inputSlots = [];
        private readonly List<double> template = [];

        public SlotTable(ValidScenario scenario)
        {
            // Every named parameter is drawn, used or not, so the copula sees the whole correlated set.
            foreach (var p in scenario.Parameters)
            {
                RandomSlot(p.Name, p.Distribution, named: true);
            }
        }

        public IReadOnlyList<RandomInput> RandomInputs => inputs;

        public int Of(UncertainValue value, string place) => value switch
        {
            ParameterReference r => randomSlot[r.Name],
            InlineDistribution d => RandomSlot(d.Key, d.Distribution, named: false),
            FixedValue f => NewSlot(f.Value),
            _ => throw new ArgumentException($"unknown uncertain value at {place}"),
        };

        private int RandomSlot(string key, Model.Distribution distribution, bool named)
        {
            if (!randomSlot.TryGetValue(key, out var slot))
            {
                slot = randomSlot[key] = NewSlot(double.NaN);
                inputs.Add(new RandomInput(key, distribution, named));
                inputSlots.Add(slot);
            }
            return slot;
        }

        private int NewSlot(double value)
        {
            template.Add(value);
            return template.Count - 1;
        }

        public double[] Template() => [.. template];

        public int[] RandomSlots() => [.. inputSlots];
    }
}
