namespace SupplyShock.Cli;

using System.Diagnostics;
using System.Globalization;

/// <summary>A progress bar on stderr for runs longer than a second; silent when stderr is not a terminal (logs, CI).</summary>
internal sealed class ProgressBar(TextWriter error, long total, bool enabled) : IProgress<long>, IDisposable
{
    private const int Width = 30;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly object gate = new();
    private long lastDrawMs = -1000;
    private bool drawn;

    /// <summary>Trials done at the last report.</summary>
    private long done;

    public void Report(long done)
    {
        InterlockedMax(ref this.done, done);
        if (!enabled || clock.ElapsedMilliseconds < 1000)
        {
            return;
        }
        lock (gate)
        {
            var now = clock.ElapsedMilliseconds;
            if (now - lastDrawMs < 100 && done < total)
            {
                return;
            }
            lastDrawMs = now;
            var share = Math.Min(1, (double)done / total);
            var filled = (int)(share * Width);
            var eta = share > 0 ? (now / 1000.0 / share) - (now / 1000.0) : 0;
            var line = string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', Width - filled)}] {share * 100,5:0.0}%  {done:N0}/{total:N0} trials  {eta:0}s left ");
            error.Write(line);
            error.Flush();
            drawn = true;
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (drawn)
            {
                error.Write("\r" + new string(' ', Width + 60) + "\r");
                error.Flush();
            }
        }
    }
}
