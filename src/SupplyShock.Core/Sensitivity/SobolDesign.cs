namespace SupplyShock.Core.Sensitivity;

using SupplyShock.Core.Sampling;

/// <summary>The two independent sample matrices of the Saltelli design.</summary>
public enum SobolMatrix
{
    A,
    B,
}

/// <summary>
/// The uniform in (0, 1) at (<paramref name="row"/>, <paramref name="column"/>) of matrix A or B. A and B must be
/// independent; the engine can supply its keyed uniforms (<see cref="SobolDesign.KeyedUniforms"/>) or, later, a
/// scrambled Sobol' sequence.
/// </summary>
public delegate double DesignUniform(long row, int column, SobolMatrix matrix);

/// <summary>The model under analysis: one output for one point of the design.</summary>
public delegate double ResponseFunction(ReadOnlySpan<double> point);

/// <summary>
/// The Saltelli (2010) design for first-order and total indices of k groups of inputs: rows j = 0..N-1 of two
/// independent N x d matrices A and B, and for each group g the matrix A_B^(g), which is A with the columns of group g
/// taken from B. The model is evaluated at f(A), f(B) and the k f(A_B^(g)): N(k + 2) trials.
/// </summary>
/// <remarks>
/// Trial t is block t mod (k + 2) of row t / (k + 2): block 0 is A, block 1 is B, block 2 + g is A_B^(g). A row's
/// trials are consecutive, so a contiguous range of trials covers whole rows but for its two ends, and any split of the
/// trials over threads or shards records into <see cref="SobolEvaluations"/> to the same result.
/// </remarks>
public sealed class SobolDesign
{
    public const int BlockA = 0;
    public const int BlockB = 1;

    private readonly bool[][] swapped; // swapped[g][c]: column c of A_B^(g) comes from B

    /// <param name="rows">N, the rows of A and B.</param>
    /// <param name="inputs">d, the columns of A and B.</param>
    /// <param name="groups">
    /// The column indices of each group, swapped together; null gives one group per input. Groups need not cover every
    /// input (an input in no group is never swapped, so its effect goes into V and into no index) and may overlap.
    /// </param>
    public SobolDesign(int rows, int inputs, IReadOnlyList<IReadOnlyList<int>>? groups = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        groups ??= Enumerable.Range(0, inputs).Select(c => (IReadOnlyList<int>)[c]).ToArray();
        if (groups.Count == 0)
        {
            throw new ArgumentException("a Sobol design needs at least one group", nameof(groups));
        }
        swapped = new bool[groups.Count][];
        for (var g = 0; g < groups.Count; g++)
        {
            swapped[g] = new bool[inputs];
            if (groups[g].Count == 0)
            {
                throw new ArgumentException($"group {g} is empty", nameof(groups));
            }
            foreach (var c in groups[g])
            {
                if (c < 0 || c >= inputs || swapped[g][c])
                {
                    throw new ArgumentException($"group {g}: column {c} is outside 0..{inputs - 1} or repeated", nameof(groups));
                }
                swapped[g][c] = true;
            }
        }
        (Rows, Inputs, Groups) = (rows, inputs, groups);
    }

    /// <summary>N.</summary>
    public int Rows { get; }

    /// <summary>d, the length of a point.</summary>
    public int Inputs { get; }

    /// <summary>The k groups; index g is the group of block 2 + g.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Groups { get; }

    /// <summary>k + 2: A, B and one A_B^(g) per group.</summary>
    public int BlocksPerRow => Groups.Count + 2;

    /// <summary>N(k + 2).</summary>
    public long Trials => (long)Rows * BlocksPerRow;

    public static int BlockOf(int group) => 2 + group;

    public long Trial(int row, int block) => ((long)row * BlocksPerRow) + block;

    public (int Row, int Block) Locate(long trial)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trial);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(trial, Trials);
        return ((int)(trial / BlocksPerRow), (int)(trial % BlocksPerRow));
    }

    /// <summary>The d uniforms of <paramref name="trial"/>'s point: its row of A, of B, or of A_B^(g).</summary>
    public void Fill(long trial, DesignUniform uniforms, Span<double> point)
    {
        if (point.Length != Inputs)
        {
            throw new ArgumentException($"a point has {Inputs} inputs (got {point.Length})", nameof(point));
        }
        var (row, block) = Locate(trial);
        for (var c = 0; c < Inputs; c++)
        {
            point[c] = uniforms(row, c, FromB(block, c) ? SobolMatrix.B : SobolMatrix.A);
        }
    }

    /// <summary>Whether column <paramref name="column"/> of a point in <paramref name="block"/> comes from B.</summary>
    public bool FromB(int block, int column) => block == BlockB || (block > BlockB && swapped[block - 2][column]);

    /// <summary>
    /// Keyed uniforms (MODEL.md section 7's counter-based generator): A and B on streams of their own under
    /// <paramref name="seed"/>, one sub-stream per column, so a value depends only on (seed, matrix, row, column).
    /// </summary>
    public static DesignUniform KeyedUniforms(long seed)
    {
        var a = KeyedRandom.StreamKey(seed, "sobol/A");
        var b = KeyedRandom.StreamKey(seed, "sobol/B");
        return (row, column, matrix) => KeyedRandom.Uniform(matrix == SobolMatrix.A ? a : b, row, (uint)column);
    }
}
