using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// The configured chat model as an <see cref="IChatClient"/> over the OpenAI .NET library's Chat Completions client, so
/// any OpenAI-compatible server works by setting, and Azure OpenAI through its v1 endpoint with a key or with Entra ID
/// (a bearer token from <see cref="TokenCredential"/>). The library's own retries are off and its network timeout
/// unbounded: the copilot pipeline (<c>Resilience__Copilot*</c>) decides both.
/// </summary>
public sealed class CopilotModel : IDisposable
{
    private readonly HttpClient? httpClient;

    public CopilotModel(IOptions<CopilotOptions> options, Func<TokenCredential> credential)
    {
        var settings = options.Value;
        Name = settings.Model;
        if (!settings.IsConfigured)
        {
            return;
        }
        httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(settings.Endpoint),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        // The constructor taking an authentication policy is marked experimental (OPENAI001); it is the library's way to
        // send an Entra ID token to Azure OpenAI's v1 endpoint, and its shape has been stable since OpenAI 2.2.
#pragma warning disable OPENAI001
        var chat = settings.UseEntraAuth
            ? new ChatClient(settings.Model, new BearerTokenPolicy(credential(), settings.EntraScope), clientOptions)
            // A local server may take no key; the library wants one all the same, and the server ignores it.
            : new ChatClient(settings.Model, new ApiKeyCredential(string.IsNullOrWhiteSpace(settings.ApiKey) ? "none" : settings.ApiKey),
                clientOptions);
#pragma warning restore OPENAI001
        Client = chat.AsIChatClient();
    }

    /// <summary>The model as the settings name it (Azure OpenAI: the deployment).</summary>
    public string Name { get; }

    /// <summary>The model's client; null when the copilot is not configured.</summary>
    public IChatClient? Client { get; }

    public void Dispose()
    {
        Client?.Dispose();
        httpClient?.Dispose();
    }
}
