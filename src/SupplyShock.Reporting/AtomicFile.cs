namespace SupplyShock.Reporting;

/// <summary>Writes a file under a temporary name beside it, then renames it into place: a crash never leaves half a file.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        using var pending = Begin(path);
        write(pending.Stream);
        pending.Commit();
    }

    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>A file written over time (a run's per-trial rows): nothing appears at <paramref name="path"/> until <see cref="PendingFile.Commit"/>.</summary>
    public static PendingFile Begin(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        return new PendingFile(path, temporary, new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None));
    }
}

/// <summary>A file being written under a temporary name: renamed into place by <see cref="Commit"/>, deleted when disposed without it.</summary>
public sealed class PendingFile(string path, string temporary, FileStream stream) : IDisposable
{
    public Stream Stream => stream;

    public void Commit()
    {
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        File.Move(temporary, path, overwrite: true);
    }

    public void Dispose()
    {
        stream.Dispose();
        if (File.Exists(temporary))
        {
            File.Delete(temporary);
        }
    }
}
