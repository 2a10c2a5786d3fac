using EventWizard.Migrate;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await MigrateCommand.RunAsync(args, Console.Out, Console.Error, cancel.Token);
