using System.Text;
using System.Text.Json;

namespace SocialTech.Testing;

/// <summary>Requests whose JSON body comes in a given charset or with a given header, as a hostile client sends them.</summary>
public static class HostileBodies
{
    /// <summary>
    /// <paramref name="body"/> serialized as the services read JSON (web defaults), encoded in <paramref name="charset"/>
    /// (quotes around it stay in the header only) and labelled so in Content-Type.
    /// </summary>
    public static HttpRequestMessage Encoded(HttpMethod method, string uri, object body, string charset)
    {
        var encoding = Encoding.GetEncoding(charset.Trim('"'));
        var content = new ByteArrayContent(encoding.GetBytes(JsonSerializer.Serialize(body, JsonSerializerOptions.Web)));
        content.Headers.TryAddWithoutValidation("Content-Type", $"application/json; charset={charset}");
        return new HttpRequestMessage(method, uri) { Content = content };
    }

    /// <summary>A POST of <paramref name="body"/> under <paramref name="key"/>.</summary>
    public static HttpRequestMessage Keyed(string uri, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}

/// <summary>
/// The id a create gets from an <c>Idempotency-Key</c>, worked out here from the documented layout rather than by the
/// services' code: SHA-256 over kind, caller and key (the caller as subject, network, funder and label owner ids, each
/// length-prefixed), first 16 bytes, RFC 9562 version 8 and variant bits. deploy/local/demo/funding-data.py does the same.
/// </summary>
public static class KeyedIds
{
    public static Guid For(string prefix, string subject, string key, string network = "", string funder = "", string labelOwner = "")
    {
        var caller = $"{subject.Length}:{subject};{network.Length}:{network};{funder.Length}:{funder};{labelOwner.Length}:{labelOwner};";
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(prefix + caller + key));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
