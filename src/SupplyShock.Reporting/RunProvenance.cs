namespace SupplyShock.Reporting;

using System.Runtime.InteropServices;
using System.Text.Json;
using SupplyShock.Core.Engine;
using SupplyShock.Core.Model;

/// <summary>run.json: how a result was obtained (program, scenario, seed, trials, sampler, threads, when, on what machine).</summary>
public sealed record RunProvenance(RunResults Results, int Threads, DateTimeOffset Started, DateTimeOffset Finished)
{
    public void Write(Stream stream)
    {
        using var json = DiagnosticReport.JsonWriter(stream);
        json.WriteStartObject();
        json.WriteString("program", "supplyshock");
        json.WriteString("version", Results.Run.Version);
        json.WriteString("scenario_file", Results.Scenario.File.Replace('\\', '/'));
        json.WriteString("scenario_sha256", Results.Scenario.Sha256);
        json.WriteNumber("seed", Results.Run.Seed);
        json.WriteNumber("trials", Results.Run.Trials);
        json.WriteString("sampler", Simulation.Name(Results.Run.Sampler));
        json.WriteNumber("threads", Threads);
        json.WriteStartArray("policies");
        foreach (var p in Results.Policies)
        {
            json.WriteStringValue(p.Name);
        }
        json.WriteEndArray();
        json.WriteString("started", Started.ToUniversalTime().ToString("O"));
        json.WriteString("finished", Finished.ToUniversalTime().ToString("O"));
        json.WriteNumber("seconds", Math.Round((Finished - Started).TotalSeconds, 3));
        json.WriteStartObject("machine");
        json.WriteString("host", Environment.MachineName);
        json.WriteString("os", RuntimeInformation.OSDescription);
        json.WriteString("architecture", RuntimeInformation.OSArchitecture.ToString());
        json.WriteNumber("cores", Environment.ProcessorCount);
        json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
