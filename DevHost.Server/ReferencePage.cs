using Microsoft.Extensions.FileProviders;

namespace EventWizard.DevHost;

/// <summary>
/// The reference wizard (web/, copied beside the DevHost) at the site's root; the API stays under /api. Only the local
/// host serves it: the function apps serve the API alone, and the page deploys as a static site of its own.
/// </summary>
public static class ReferencePage
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "web");

    /// <summary>The page's address for a host at <paramref name="baseAddress"/>, signed in with <paramref name="token"/>.</summary>
    /// <remarks>The token travels in the fragment, which browsers never send to a server nor put in a Referer.</remarks>
    public static string Address(string baseAddress, string token) => $"{baseAddress}/#token={token}";

    public static void UseReferencePage(this WebApplication app)
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }
        var files = new PhysicalFileProvider(Folder);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            // Always asked again (a 304 when unchanged): a page and its client from two versions never mix.
            OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
        });
    }
}
