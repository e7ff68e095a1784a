namespace SupplyShock.Core.Engine;

using SupplyShock.Core.Model;

/// <summary>
/// Runs every policy of a scenario on the same trials (MODEL.md section 7): a sampler draws, the kernel maps draws
/// to metrics, the accumulator owns the statistics. Trials go out in fixed blocks to every thread; since every
/// accumulator merges exactly in any order, the results are the same to the bit for any thread count.
/// </summary>
public static class SimulationRunner
{
    /// <summary>Trials per work item: large enough to keep threads busy, small enough for a smooth progress bar.</summary>
    public const int BlockSize = 512;

    /// <param name="progress">Told the number of trials done so far, after each block.</param>
    /// <param name="observer">Given each finished block's inputs and headline outcomes (for a per-trial file); none by default.</param>
    /// <exception cref="RunStoppedException">
    /// When <paramref name="cancellation"/> fires. Every block a worker took is finished first, so what was done is always the
    /// first trials; under Monte Carlo they are kept, since they are exactly a run of that many trials.
    /// </exception>
    public static RunResults Run(ValidScenario scenario, RunOptions options, IProgress<long>? progress = null, CancellationToken cancellation = default, ITrialObserver? observer = null)
    {
        var model = ModelCompiler.Compile(scenario, options);
        observer?.Begin(TrialColumns.Of(model));
        var total = Extend(model, options, null, options.Trials, options.Trials, progress, cancellation, observer);
        return Summarizer.Summarize(model, options, total);
    }

    /// <summary>
    /// Runs trials <c>total.Trials</c> to <paramref name="to"/> and adds them to <paramref name="total"/> (a new accumulator when
    /// null: the first worker's, which the others merge into). The trials done are always the first ones, and merging is exact
    /// in any order, so extending a run of T trials to T' gives to the bit the accumulator of a run of T' trials.
    /// </summary>
    /// <param name="total">The accumulator of the trials before; it must hold a whole number of blocks.</param>
    /// <param name="planned">The trials the whole run may go to, for the message of a stop.</param>
    internal static RunAccumulator Extend(CompiledModel model, RunOptions options, RunAccumulator? total, long to, long planned, IProgress<long>? progress, CancellationToken cancellation, ITrialObserver? observer)
    {
        var from = total?.Trials ?? 0;
        if (from % BlockSize != 0 && from < to)
        {
            throw new InvalidOperationException($"a run is extended from {from} trials, not a whole number of blocks");
        }
        var blocks = (to + BlockSize - 1) / BlockSize;
        var next = (from / BlockSize) - 1;
        var done = from;
        var gate = new object();

        void Work()
        {
            var kernel = new VectorTrialKernel(model);
            var local = new RunAccumulator(model);
            var width = model.Policies.Length * model.Layout.Count;
            var outcomes = new double[width * BatchSize(model)];
            var binding = new long[model.Policies.Length * model.PairCount];
            var rows = observer is null ? null : new BlockRows(model);
            long block;
            while (!cancellation.IsCancellationRequested && (block = Interlocked.Increment(ref next)) < blocks)
            {
                var start = block * BlockSize;
                var end = Math.Min(start + BlockSize, to);
                RunBlock(kernel, local, start, end, outcomes, binding, rows);
                rows?.Hand(observer!, start, (int)(end - start));
                progress?.Report(Interlocked.Add(ref done, end - start));
            }
            local.AddBinding(binding);
            lock (gate)
            {
                if (total is null)
                {
                    total = local;
                }
                else
                {
                    total.Merge(local);
                }
            }
        }

        var threads = (int)Math.Clamp(options.Threads, 1, Math.Max(1, blocks - (from / BlockSize)));
        var workers = Enumerable.Range(0, threads - 1).Select(_ => new Thread(Work) { IsBackground = true }).ToList();
        Exception? failure = null;
        foreach (var worker in workers)
        {
            worker.Start();
        }
        try
        {
            Work();
        }
        catch (Exception e)
        {
            failure = e;
        }
        foreach (var worker in workers)
        {
            worker.Join();
        }
        if (failure is not null)
        {
            throw failure;
        }
        if (cancellation.IsCancellationRequested && total!.Trials < to) // a stop after the last trial changes nothing
        {
            throw Stopped(model, options, total!, Math.Min((next + 1) * BlockSize, to), planned, cancellation);
        }
        return total!;
    }

    /// <summary>
    /// Workers check for a stop only before they take a block, so the blocks taken (0 to <c>next</c>) are all done: the trials
    /// done are a prefix. A Monte Carlo trial's draws depend on the seed and its number alone, so that prefix is to the bit a
    /// run of that many trials. A Latin hypercube's strata depend on the planned number of trials: its prefix is not kept.
    /// </summary>
    private static RunStoppedException Stopped(CompiledModel model, RunOptions options, RunAccumulator total, long prefix, long planned, CancellationToken cancellation)
    {
        if (total.Trials != prefix)
        {
            throw new InvalidOperationException($"a stopped run did {total.Trials} trials, not its first {prefix}");
        }
        // A sobol trial's point depends on the seed, its number and R alone too: kept when every replicate has as many.
        var prefixKept = options.Sampler == Sampler.MonteCarlo || (options.Sampler == Sampler.Sobol && prefix % options.Replicates == 0);
        var kept = prefixKept && prefix > 0 ? Summarizer.Summarize(model, options, total) : null;
        return new RunStoppedException(prefix, planned, kept, cancellation);
    }

    /// <summary>
    /// Trials whose outcomes are kept before they are added. With thousands of metrics (a large network) each metric's
    /// accumulator is out of cache by the next trial, so outcomes are added metric by metric over a batch; with a few
    /// hundred they stay in cache and each trial is added as it comes.
    /// </summary>
    private static int BatchSize(CompiledModel model)
    {
        var lanes = VectorTrialKernel.Lanes;
        var metrics = (long)model.Policies.Length * model.Layout.Count;
        return metrics > 4_000 ? lanes * Math.Max(1, 32 / lanes) : lanes;
    }

    /// <summary>One block of trials, a vector of trials at a time; a method of its own so the JIT optimises it fully.</summary>
    private static void RunBlock(VectorTrialKernel kernel, RunAccumulator accumulator, long from, long to, double[] outcomes, long[] binding, BlockRows? rows)
    {
        var lanes = VectorTrialKernel.Lanes;
        var width = accumulator.Width;
        var batch = outcomes.Length / width;
        for (var start = from; start < to; start += batch)
        {
            var inBatch = (int)Math.Min(batch, to - start);
            for (var k = 0; k < inBatch; k += lanes)
            {
                kernel.Run(start + k, Math.Min(lanes, inBatch - k), outcomes.AsSpan(k * width), binding);
            }
            rows?.Keep(start - from, inBatch, outcomes, width);
            if (batch == lanes)
            {
                for (var k = 0; k < inBatch; k++)
                {
                    accumulator.Add(outcomes.AsSpan(k * width, width), start + k);
                }
            }
            else
            {
                accumulator.AddBatch(outcomes, inBatch, start);
            }
        }
    }
}

/// <summary>
/// One worker's per-trial rows of the block it runs, for an observer: the headline outcomes picked from each outcome
/// vector as batches finish, and the inputs re-drawn at the end (a draw is a pure function of the trial, MODEL.md
/// section 7, so the kernel need not hand them out).
/// </summary>
internal sealed class BlockRows
{
    private readonly CompiledModel model;
    private readonly int[] picked; // outcome-vector index of each (policy, headline outcome), in row order
    private readonly double[] inputs;
    private readonly double[] outcomes;
    private readonly double[] scratch;

    public BlockRows(CompiledModel model)
    {
        this.model = model;
        var count = model.Layout.Count;
        picked = Enumerable.Range(0, model.Policies.Length).SelectMany(p => model.Layout.Differenced.Select(i => (p * count) + i)).ToArray();
        inputs = new double[SimulationRunner.BlockSize * model.Sampler.Inputs.Count];
        outcomes = new double[SimulationRunner.BlockSize * picked.Length];
        scratch = new double[model.Sampler.CorrelatedCount];
    }

    /// <summary>Keeps the headline outcomes of <paramref name="n"/> trials, from the <paramref name="offset"/>-th trial of the block on.</summary>
    public void Keep(long offset, int n, double[] vectors, int width)
    {
        for (var k = 0; k < n; k++)
        {
            var row = outcomes.AsSpan((int)(offset + k) * picked.Length, picked.Length);
            var vector = vectors.AsSpan(k * width, width);
            for (var j = 0; j < picked.Length; j++)
            {
                row[j] = vector[picked[j]];
            }
        }
    }

    public void Hand(ITrialObserver observer, long from, int count)
    {
        var width = model.Sampler.Inputs.Count;
        for (var k = 0; k < count; k++)
        {
            model.Sampler.Draw(from + k, inputs.AsSpan(k * width, width), scratch);
        }
        observer.Block(from, count, inputs.AsSpan(0, count * width), outcomes.AsSpan(0, count * picked.Length));
    }
}

/// <summary>A run stopped before its last trial: how far it got, and what it kept (null when nothing).</summary>
public sealed class RunStoppedException(long done, long planned, RunResults? kept, CancellationToken cancellation)
    : OperationCanceledException($"stopped after {done} of {planned} trials", cancellation)
{
    /// <summary>Trials finished: always the first ones.</summary>
    public long Done { get; } = done;

    public long Planned { get; } = planned;

    /// <summary>The results of the first <see cref="Done"/> trials, the same as a run of that many; null under Latin hypercube or when none was done.</summary>
    public RunResults? Kept { get; } = kept;
}

/// <summary>Everything a run accumulates: per policy and metric, per pair of policies and differenced metric, and binding counts.</summary>
public sealed class RunAccumulator
{
    private readonly CompiledModel model;

    public RunAccumulator(CompiledModel model)
    {
        this.model = model;
        var layout = model.Layout;
        Metrics = model.Policies.Select(_ => Enumerable.Range(0, layout.Count)
            .Select(i => new MetricAccumulator(layout.Lo[i], layout.Hi[i], layout.Worse[i], replicates: Replicates)).ToArray()).ToArray();
        Pairs = [.. PolicyPairs(model.Policies.Length)];
        Differences = Pairs.Select(_ => layout.Differenced
            .Select(i => new MetricAccumulator(layout.Lo[i] - layout.Hi[i], layout.Hi[i] - layout.Lo[i], layout.Worse[i], MetricAccumulator.DifferenceBins, Replicates)).ToArray()).ToArray();
        Binding = new long[model.Policies.Length * model.PairCount];
    }

    public MetricAccumulator[][] Metrics { get; }

    /// <summary>The sobol sampler's R, whose replicate means give the standard errors; 0 for other samplers.</summary>
    private int Replicates => model.Sobol?.Replicates ?? 0;

    /// <summary>(A, B) for every two policies with A before B (MODEL.md section 7).</summary>
    public (int A, int B)[] Pairs { get; }

    public MetricAccumulator[][] Differences { get; }

    public long[] Binding { get; }

    public long Trials => Metrics[0][0].Count;

    public static IEnumerable<(int A, int B)> PolicyPairs(int policies)
    {
        for (var a = 0; a < policies; a++)
        {
            for (var b = a + 1; b < policies; b++)
            {
                yield return (a, b);
            }
        }
    }

    /// <summary>Adds trial <paramref name="trial"/>: the outcome vectors of every policy, back to back.</summary>
    public void Add(ReadOnlySpan<double> outcomes, long trial = 0)
    {
        if (Replicates > 0)
        {
            AddToReplicate(outcomes, trial);
            return;
        }
        var count = model.Layout.Count;
        for (var p = 0; p < Metrics.Length; p++)
        {
            var vector = outcomes.Slice(p * count, count);
            var accumulators = Metrics[p];
            for (var i = 0; i < count; i++)
            {
                accumulators[i].Add(vector[i]);
            }
        }
        var differenced = model.Layout.Differenced;
        for (var k = 0; k < Pairs.Length; k++)
        {
            var (a, b) = Pairs[k];
            var accumulators = Differences[k];
            for (var j = 0; j < differenced.Length; j++)
            {
                var i = differenced[j];
                accumulators[j].Add(outcomes[(a * count) + i] - outcomes[(b * count) + i]);
            }
        }
    }

    private void AddToReplicate(ReadOnlySpan<double> outcomes, long trial)
    {
        var count = model.Layout.Count;
        for (var p = 0; p < Metrics.Length; p++)
        {
            for (var i = 0; i < count; i++)
            {
                Metrics[p][i].Add(outcomes[(p * count) + i], trial);
            }
        }
        var differenced = model.Layout.Differenced;
        for (var k = 0; k < Pairs.Length; k++)
        {
            var (a, b) = Pairs[k];
            for (var j = 0; j < differenced.Length; j++)
            {
                var i = differenced[j];
                Differences[k][j].Add(outcomes[(a * count) + i] - outcomes[(b * count) + i], trial);
            }
        }
    }

    /// <summary>The length of one trial's outcome vector: every policy's metrics back to back.</summary>
    public int Width => Metrics.Length * model.Layout.Count;

    /// <summary>Adds <paramref name="n"/> trials stored back to back, metric by metric, so each accumulator is loaded once per batch.</summary>
    // Fully optimised from the first call: it runs a few hundred times, each over thousands of metrics (no time to tier up).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void AddBatch(double[] outcomes, int n, long firstTrial = 0)
    {
        var count = model.Layout.Count;
        var width = Width;
        for (var p = 0; p < Metrics.Length; p++)
        {
            var accumulators = Metrics[p];
            for (var i = 0; i < count; i++)
            {
                accumulators[i].AddStrided(outcomes, (p * count) + i, width, n, firstTrial);
            }
        }
        var differenced = model.Layout.Differenced;
        for (var k = 0; k < Pairs.Length; k++)
        {
            var (a, b) = Pairs[k];
            var accumulators = Differences[k];
            for (var j = 0; j < differenced.Length; j++)
            {
                var i = differenced[j];
                accumulators[j].AddStridedDifference(outcomes, (a * count) + i, (b * count) + i, width, n, firstTrial);
            }
        }
    }

    public void AddBinding(ReadOnlySpan<long> counts)
    {
        for (var i = 0; i < counts.Length; i++)
        {
            Binding[i] += counts[i];
        }
    }

    public void Merge(RunAccumulator other)
    {
        for (var p = 0; p < Metrics.Length; p++)
        {
            for (var i = 0; i < Metrics[p].Length; i++)
            {
                Metrics[p][i].Merge(other.Metrics[p][i]);
            }
        }
        for (var k = 0; k < Differences.Length; k++)
        {
            for (var j = 0; j < Differences[k].Length; j++)
            {
                Differences[k][j].Merge(other.Differences[k][j]);
            }
        }
        AddBinding(other.Binding);
    }
}
