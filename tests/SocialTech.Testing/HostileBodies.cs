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
