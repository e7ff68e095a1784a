namespace SupplyShock.Core.Sampling;

using System.Globalization;
using System.IO.Compression;
using System.Text;

/// <summary>
/// Joe and Kuo's direction numbers (Data/new-joe-kuo-6.21201.txt.gz, licence and citation in the NOTICE beside it) as
/// 32-bit direction integers v_k = m_k 2^(32-k), k = 1..32. The embedded file is read the first time a
/// <see cref="SobolSequence"/> asks, only as far as the dimensions asked for, and kept for every later sequence; a later
/// request for more dimensions reads it again, further (rare: a run asks once).
/// </summary>
internal static class SobolDirections
{
    /// <summary>Digits per coordinate, so points 0..2^32-1 are distinct Sobol' points.</summary>
    public const int Bits = 32;

    public const int TableDimensions = 21201;

    public const string ResourceName = "SupplyShock.Core.Sampling.Data.new-joe-kuo-6.21201.txt.gz";

    public const string NoticeResourceName = "SupplyShock.Core.Sampling.Data.new-joe-kuo-6.21201.NOTICE.txt";

    private static readonly Lock Gate = new();
    private static uint[] table = [];

    /// <summary>
    /// Direction integers of at least the first <paramref name="dimensions"/> dimensions (at most
    /// <see cref="TableDimensions"/>): dimension j (0-based; Joe-Kuo's d = j + 1) at [j * Bits, (j + 1) * Bits), v_1 first.
    /// Thread-safe; the array is never written after it is published.
    /// </summary>
    public static uint[] For(int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, TableDimensions);
        var current = Volatile.Read(ref table);
        if (current.Length >= dimensions * Bits)
        {
            return current;
        }
        lock (Gate)
        {
            if (table.Length < dimensions * Bits)
            {
                using var reader = OpenResource(ResourceName, compressed: true);
                Volatile.Write(ref table, Parse(reader, dimensions));
            }
            return table;
        }
    }

    /// <summary>The licence notice and citation shipped with the direction numbers.</summary>
    public static string Notice()
    {
        using var reader = OpenResource(NoticeResourceName, compressed: false);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Reads the header and the lines of dimensions 2..<paramref name="dimensions"/> (dimension 1, the van der Corput
    /// sequence, has no line) and expands each dimension's m_1..m_s to 32 direction integers by the recurrence of its
    /// primitive polynomial (Bratley and Fox 1988; Joe and Kuo 2008, section 2). Lines past the last dimension asked for
    /// are never read. A malformed line is a corrupt build, so it throws.
    /// </summary>
    public static uint[] Parse(TextReader reader, int dimensions)
    {
        var directions = new uint[dimensions * Bits];
        for (var k = 0; k < Bits; k++)
        {
            directions[k] = 1u << (Bits - 1 - k);
        }
        _ = reader.ReadLine() ?? throw new InvalidDataException("direction numbers: the file is empty");
        for (var j = 1; j < dimensions; j++)
        {
            var line = reader.ReadLine() ?? throw new InvalidDataException($"direction numbers: the file ends before dimension {j + 1}");
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var d = fields.Length >= 3 ? Field(fields[0], line) : 0L;
            var s = fields.Length >= 3 ? (int)Math.Min(Field(fields[1], line), Bits) : 0;
            var a = fields.Length >= 3 ? Field(fields[2], line) : 0;
            if (d != j + 1 || s < 1 || s >= Bits || fields.Length != 3 + s || a >= 1L << (s - 1))
            {
                throw new InvalidDataException($"direction numbers: expected dimension {j + 1} as 'd s a m_1..m_s', got '{line}'");
            }
            var v = directions.AsSpan(j * Bits, Bits);
            for (var k = 0; k < s; k++)
            {
                var m = Field(fields[3 + k], line);
                if (m % 2 == 0 || m >= 1L << (k + 1))
                {
                    throw new InvalidDataException($"direction numbers: m_{k + 1} of dimension {j + 1} must be odd and below 2^{k + 1}, got '{line}'");
                }
                v[k] = (uint)m << (Bits - 1 - k);
            }
            for (var k = s; k < Bits; k++)
            {
                // v_k = a_1 v_{k-1} ^ ... ^ a_{s-1} v_{k-s+1} ^ v_{k-s} ^ (v_{k-s} >> s), the polynomial's recurrence.
                var value = v[k - s] ^ (v[k - s] >> s);
                for (var i = 1; i < s; i++)
                {
                    if (((a >> (s - 1 - i)) & 1) != 0)
                    {
                        value ^= v[k - i];
                    }
                }
                v[k] = value;
            }
        }
        return directions;
    }

    private static long Field(string text, string line) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"direction numbers: '{text}' is not a number in '{line}'");

    private static StreamReader OpenResource(string name, bool compressed)
    {
        var stream = typeof(SobolDirections).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource '{name}' is missing from {typeof(SobolDirections).Assembly.GetName().Name}");
        return new StreamReader(compressed ? new GZipStream(stream, CompressionMode.Decompress) : stream, Encoding.ASCII);
    }
}
