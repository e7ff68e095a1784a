namespace SupplyShock.Reporting;

using System.Text.Json;
using SupplyShock.Core.Diagnostics;

/// <summary>Diagnostics as text lines (<c>path:line:column: error: message</c>) or as JSON objects.</summary>
public static class DiagnosticReport
{
    public static void WriteText(TextWriter writer, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            writer.WriteLine(d.ToString());
        }
    }

    public static void WriteJson(Utf8JsonWriter json, IEnumerable<Diagnostic> diagnostics)
    {
        json.WriteStartArray("diagnostics");
        foreach (var d in diagnostics)
        {
            json.WriteStartObject();
            json.WriteString("severity", d.Severity == Severity.Error ? "error" : "warning");
            json.WriteString("path", d.Location.Path);
            json.WriteNumber("line", d.Location.Line);
            json.WriteNumber("column", d.Location.Column);
            json.WriteString("message", d.Message);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>Indented JSON that writes text as it is (no \u0027 for an apostrophe); every writer of the project uses these options.</summary>
    public static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Utf8JsonWriter JsonWriter(Stream stream) => new(stream, Options);

    /// <summary>A JSON array of strings under <paramref name="name"/>.</summary>
    public static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var v in values)
        {
            json.WriteStringValue(v);
        }
        json.WriteEndArray();
    }
}
