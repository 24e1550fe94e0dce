using System.Security.Cryptography;
using System.Text;

namespace SocialTech.Labelling;

/// <summary>Name-based ids (RFC 9562 version 8 layout): the same key under the same prefix, the same id.</summary>
/// <remarks>
/// Used for <c>Idempotency-Key</c> replays and for a label's id, which derives from its application's id so that a
/// grant replayed after a crash lands on the same label stream instead of creating a second label.
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
