using System.Diagnostics;
using EventWizard.DevHost.Launcher;

var clock = Stopwatch.StartNew();
var server = ServerBuild.ForThisLauncher();
var fingerprint = InputFingerprint.Of(server.Repository);
if (server.IsUpToDate(fingerprint))
{
    Console.WriteLine($"DevHost.Server is up to date (inputs checked in {clock.Elapsed.TotalSeconds:0.00} s).");
}
else if (!await server.BuildAsync(fingerprint))
{
    return 1;
}
return await ServerProcess.RunAsync(server.ServerAssembly, args);
