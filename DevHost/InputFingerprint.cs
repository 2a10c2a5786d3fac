using System.Security.Cryptography;
using System.Text;

namespace EventWizard.DevHost.Launcher;

/// <summary>
/// What the server's build was made from: every file of the repository (path, size, last write time) but build
/// output, package folders and hidden folders (git's, editors'), hashed. Any edit, new file or deleted file changes it, so a build is skipped
/// only when nothing it could read has changed. It takes in more than the server reads (the tests, the docs): a change
/// there costs one no-op build, never a stale server.
/// </summary>
public static class InputFingerprint
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", "node_modules", "TestResults",
    };

    public static string Of(string repository)
    {
        var lines = new StringBuilder();
        foreach (var file in FilesUnder(repository).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(Path.Combine(repository, file));
            lines.Append(file).Append('|').Append(info.Length).Append('|').Append(info.LastWriteTimeUtc.Ticks).Append('\n');
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())));
    }

    private static IEnumerable<string> FilesUnder(string repository)
    {
        var folders = new Stack<string>([repository]);
        while (folders.TryPop(out var folder))
        {
            foreach (var file in Directory.EnumerateFiles(folder))
            {
                yield return Path.GetRelativePath(repository, file).Replace('\\', '/');
            }
            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(child);
                if (!name.StartsWith('.') && !SkippedFolders.Contains(name))
                {
                    folders.Push(child);
                }
            }
        }
    }
}
