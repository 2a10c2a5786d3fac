using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EventWizard.Shared.Data;

/// <summary>One script of sql/: <c>NNN_description.sql</c>.</summary>
public sealed record Migration(int Version, string Name, string Sql, string Checksum)
{
    public static Migration From(string fileName, string sql)
    {
        var digits = new string([.. fileName.TakeWhile(char.IsAsciiDigit)]);
        if (digits.Length == 0)
        {
            throw new MigrationException($"sql/{fileName} must start with its number, as in 001_baseline.sql.");
        }
        var normalized = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
        return new Migration(int.Parse(digits, CultureInfo.InvariantCulture), fileName, normalized, checksum);
    }
}
