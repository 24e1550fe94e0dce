using System.Security.Cryptography;
using System.Text;

namespace SocialTech.BuildingBlocks.Identifiers;

/// <summary>Name-based ids (RFC 9562 version 8 layout over SHA-256): the same key under the same prefix, the same id.</summary>
/// <remarks>
/// The prefix keeps kinds apart (a programme's key never names a grant). Ids derived from a client's
/// <c>Idempotency-Key</c> go through <see cref="Http.IdempotencyKeys"/>, which adds the caller to the name.
/// </remarks>
public static class NameBasedId
{
    public static Guid From(string prefix, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(prefix + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
