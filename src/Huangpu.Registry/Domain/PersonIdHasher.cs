using System.Security.Cryptography;
using System.Text;

namespace Huangpu.Registry.Domain;

/// <summary>
/// Natural persons' ID numbers are kept only as HMAC-SHA256 under a key from configuration
/// (<c>Registry:PersonIdHashKey</c>): equal numbers match (conflict-of-interest checks), the number
/// itself cannot be read back, and without the key the hashes cannot be brute-forced from the small ID space.
/// </summary>
public sealed class PersonIdHasher(byte[] key)
{
    public string Hash(string idNumber)
    {
        var normalized = idNumber.Trim().ToUpperInvariant();
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalized)));
    }
}
