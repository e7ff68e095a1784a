namespace SupplyShock.Scenarios;

using System.Text;
using SupplyShock.Core.Diagnostics;

/// <summary>Reads a UTF-8 text file, turning a missing, empty, binary or mis-encoded file into a diagnostic.</summary>
internal static class TextFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>No scenario or table is anywhere near this; a larger file (or a device such as /dev/zero) is refused, not read.</summary>
    private const int MaxBytes = 256 * 1024 * 1024;

    /// <param name="path">Where to read.</param>
    /// <param name="shownPath">The path as the user should see it in messages.</param>
    /// <param name="at">Where to point when the file cannot be opened (the line that names it), or null for the file itself.</param>
    public static (string Text, byte[] Bytes)? Read(string path, string shownPath, SourceLocation? at, DiagnosticBag bag)
    {
        var where = at ?? new SourceLocation(shownPath, 1, 1);
        var what = at is null ? "cannot read the file" : $"cannot read '{shownPath}'";
        byte[] bytes;
        try
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                bag.Error(where, $"{what}: no file name was given");
                return null;
            }
            if (Directory.Exists(path))
            {
                bag.Error(where, $"{what}: it is a directory");
                return null;
            }
            bytes = ReadBounded(path);
        }
        catch (InvalidDataException e)
        {
            bag.Error(where, $"{what}: {e.Message}");
            return null;
        }
        catch (FileNotFoundException)
        {
            bag.Error(where, $"{what}: no such file");
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            bag.Error(where, $"{what}: no such file or directory");
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            bag.Error(where, $"{what}: {e.Message}");
            return null;
        }

        var self = new SourceLocation(shownPath, 1, 1);
        if (bytes.AsSpan().IndexOf((byte)0) is var nul and >= 0)
        {
            bag.Error(Locate(bytes, nul, shownPath), "this is not a text file (it contains a NUL byte); scenario files and tables are UTF-8 text");
            return null;
        }
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var offset = e.Index >= 0 ? e.Index : 0;
            bag.Error(Locate(bytes, offset, shownPath), "the file is not valid UTF-8; save it as UTF-8");
            return null;
        }
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            bag.Error(self, "the file is empty");
            return null;
        }
        return (text, bytes);
    }

    private static byte[] ReadBounded(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw new InvalidDataException($"it is larger than {MaxBytes / (1024 * 1024)} MiB");
            }
        }
        return buffer.ToArray();
    }

    /// <summary>Line and column (1-based, counting bytes in the line) of a byte offset.</summary>
    private static SourceLocation Locate(byte[] bytes, int offset, string shownPath)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < offset && i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourceLocation(shownPath, line, offset - lineStart + 1);
    }
}
