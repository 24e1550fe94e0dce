using System.Security.Cryptography;
using System.Text;

namespace SocialTech.IncubatorNetworks.Activity;

/// <summary>
/// The things a network publishes about (a programme, a venture, a public event…) are named by the network's own
/// reference (<c>ventureRef</c>…), never by an id of ours: a network's system can publish without first reading
/// anything back. Each gets a stream whose id is derived from the network and that reference.
/// </summary>
public static class Subjects
{
    public const string Programmes = "programmes";
    public const string Calls = "calls";
    public const string Cohorts = "cohorts";
    public const string Ventures = "ventures";
    public const string PublicEvents = "events";

    /// <summary>A name-based id (RFC 9562 version 8 layout): one network's reference, one stream; another network's never collides.</summary>
    public static Guid StreamId(string collection, Guid networkId, string reference)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"socialtech:networks:{collection}:{networkId:N}:{reference}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }

    public static string Path(string collection, Guid networkId, string reference) =>
        $"/api/networks/{networkId}/{collection}/{Uri.EscapeDataString(reference)}";
}
