using EventWizard.Shared.Hosting;

namespace EventWizard.Shared.Copilot;

/// <summary>
/// Settings under <c>Copilot__*</c>: the chat model the copilot calls. Without an endpoint the copilot is "not
/// configured" (503 <c>copilot_not_configured</c>) and nothing else changes. Timeouts and retries are
/// <c>Resilience__Copilot*</c>.
/// </summary>
public sealed class CopilotOptions : ICheckedSettings
{
    public const string Section = "Copilot";

    /// <summary>
    /// An OpenAI-compatible Chat Completions base URL: <c>https://api.openai.com/v1</c>, Azure OpenAI's
    /// <c>https://&lt;resource&gt;.openai.azure.com/openai/v1/</c>, or a local server such as <c>http://localhost:11434/v1</c>.
    /// </summary>
    public string Endpoint { get; set; } = "";

    /// <summary>The model (Azure OpenAI: the deployment name).</summary>
    public string Model { get; set; } = "";

    /// <summary>The API key (a Key Vault reference in Azure); empty for a local server that takes none, or with Entra ID.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Azure OpenAI with Entra ID: a bearer token from the app's identity (Azure.Identity) instead of a key.</summary>
    public bool UseEntraAuth { get; set; }

    /// <summary>The token scope asked for with Entra ID.</summary>
    public string EntraScope { get; set; } = "https://cognitiveservices.azure.com/.default";

    /// <summary>Tokens (prompt and completion) each organization may spend per UTC day.</summary>
    public long DailyTokenBudget { get; set; } = 200_000;

    /// <summary>
    /// Tokens reserved from the budget while a turn runs (at most what is left), replaced by the tokens the model
    /// reports when it answers: the most one turn is expected to cost.
    /// </summary>
    public int TurnReserveTokens { get; set; } = 8_000;

    /// <summary>The longest reply the model may write, in tokens.</summary>
    public int MaxOutputTokens { get; set; } = 1_000;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);

    public IReadOnlyList<string> Errors()
    {
        List<string> errors = [];
        if (!IsConfigured)
        {
            return errors;
        }
        if (!(Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
        {
            errors.Add("Copilot__Endpoint must be an absolute http(s) URL such as https://<resource>.openai.azure.com/openai/v1/, or empty to turn the copilot off.");
        }
        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("Copilot__Model is required with Copilot__Endpoint (the model, or the Azure OpenAI deployment name).");
        }
        if (UseEntraAuth && !string.IsNullOrWhiteSpace(ApiKey))
        {
            errors.Add("Copilot__UseEntraAuth is true and Copilot__ApiKey is set: use one of them.");
        }
        if (UseEntraAuth && string.IsNullOrWhiteSpace(EntraScope))
        {
            errors.Add("Copilot__EntraScope must name the token scope with Copilot__UseEntraAuth (https://cognitiveservices.azure.com/.default).");
        }
        if (DailyTokenBudget < 1)
        {
            errors.Add($"Copilot__DailyTokenBudget must be at least 1 (it is {DailyTokenBudget}).");
        }
        if (TurnReserveTokens < 1)
        {
            errors.Add($"Copilot__TurnReserveTokens must be at least 1 (it is {TurnReserveTokens}).");
        }
        if (MaxOutputTokens < 1)
        {
            errors.Add($"Copilot__MaxOutputTokens must be at least 1 (it is {MaxOutputTokens}).");
        }
        return errors;
    }
}
