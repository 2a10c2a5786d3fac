using System.Security.Cryptography;
using System.Text;

namespace EventWizard.Shared.Actions;

/// <summary>
/// A hash of what an action request asks for (the action name and its defining fields). Stored with the
/// key, so the same key sent for another request is recognized and refused.
/// </summary>
public static class RequestFingerprint
{
    public static string Of(string actionName, params string[] parts)
    {
        var text = string.Join('\n', parts.Prepend(actionName).Select(p => p.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + p));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
