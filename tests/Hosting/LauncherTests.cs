using EventWizard.DevHost.Launcher;

namespace EventWizard.Tests.Hosting;

/// <summary>
/// `dotnet run --project DevHost` skips the server's build only while nothing it was built from has changed: the
/// fingerprint of the inputs must move with every edit, new file and deleted file, and ignore build output.
/// </summary>
public sealed class LauncherTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("launcher-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void The_fingerprint_is_stable_while_nothing_changes()
    {
        Write("Shared/Code.cs", "class A {}");
        Write("sql/001.sql", "select 1;");

        Assert.Equal(InputFingerprint.Of(root), InputFingerprint.Of(root));
    }

    [Theory]
    [InlineData("edit")]
    [InlineData("same size, new time")]
    [InlineData("add")]
    [InlineData("delete")]
    [InlineData("rename")]
    public void Every_change_to_an_input_changes_the_fingerprint(string change)
    {
        Write("Shared/Code.cs", "class A {}");
        Write("sql/001.sql", "select 1;");
        var before = InputFingerprint.Of(root);

        switch (change)
        {
            case "edit":
                Write("Shared/Code.cs", "class A { int b; }");
                break;
            case "same size, new time":
                File.SetLastWriteTimeUtc(Path.Combine(root, "sql/001.sql"), DateTime.UtcNow.AddMinutes(1));
                break;
            case "add":
                Write("Shared/Other.cs", "class B {}");
                break;
            case "delete":
                File.Delete(Path.Combine(root, "sql/001.sql"));
                break;
            case "rename":
                File.Move(Path.Combine(root, "sql/001.sql"), Path.Combine(root, "sql/002.sql"));
                break;
        }

        Assert.NotEqual(before, InputFingerprint.Of(root));
    }

    [Theory]
    [InlineData("Shared/bin/Debug/net10.0/Shared.dll")]
    [InlineData("Shared/obj/project.assets.json")]
    [InlineData("clients/typescript/node_modules/x/index.js")]
    [InlineData(".git/index")]
    [InlineData(".vs/EventWizard/v17/.suo")]
    public void Build_output_and_package_folders_are_not_inputs(string file)
    {
        Write("Shared/Code.cs", "class A {}");
        var before = InputFingerprint.Of(root);

        Write(file, "anything");

        Assert.Equal(before, InputFingerprint.Of(root));
    }

    [Fact]
    public void The_server_the_launcher_runs_is_where_the_build_puts_it()
    {
        var build = new ServerBuild(FunctionApps.RepositoryRoot, FunctionApps.Configuration, FunctionApps.TargetFramework);

        Assert.True(File.Exists(build.ServerAssembly), $"{build.ServerAssembly} is missing: the launcher would run nothing.");
        Assert.False(build.IsUpToDate("not the fingerprint of any tree"));
    }

    [Fact]
    public void Builds_and_the_server_use_the_dotnet_running_the_launcher()
    {
        Assert.True(File.Exists(DotnetHost.Executable), $"{DotnetHost.Executable} is not a file");
        Assert.True(Path.IsPathRooted(DotnetHost.Executable));
    }

    private void Write(string relativePath, string content)
    {
        var path = Path.Combine(root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }
}
