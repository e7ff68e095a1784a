namespace SupplyShock.Cli;

using System.Runtime.InteropServices;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Ctrl+C and SIGTERM ask the command to stop between blocks of trials, so it can say what it kept and exit 130;
        // a second Ctrl+C ends the process at once.
        using var stop = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await CliApp.RunAsync(args, Console.Out, Console.Error, stop.Token, stderrIsTerminal: !Console.IsErrorRedirected);
    }
}
