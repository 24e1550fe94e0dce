using System.Net.Http.Headers;
using System.Text;

namespace SocialTech.Testing;

/// <summary>A RabbitMQ virtual host of its own for one test class, so that exchanges and queues never cross tests.</summary>
public sealed class IsolatedVirtualHost : IAsyncDisposable
{
    private readonly HttpClient management;

    private IsolatedVirtualHost(HttpClient management, string name, Uri amqp)
    {
        this.management = management;
        Name = name;
        Amqp = amqp;
    }

    public string Name { get; }

    /// <summary><c>amqp://user:password@host:port/vhost</c>.</summary>
    public Uri Amqp { get; }

    public static async Task<IsolatedVirtualHost> CreateAsync(TestServers servers, string purpose)
    {
        var name = $"t_{purpose}_{Guid.NewGuid():N}";
        var user = Uri.UnescapeDataString(servers.RabbitMq.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(servers.RabbitMq.UserInfo.Split(':', 2)[1]);
        var client = new HttpClient { BaseAddress = servers.RabbitMqManagement };
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

        (await client.PutAsync($"api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        var permissions = new StringContent("""{"configure":".*","write":".*","read":".*"}""", Encoding.UTF8, "application/json");
        (await client.PutAsync($"api/permissions/{name}/{Uri.EscapeDataString(user)}", permissions)).EnsureSuccessStatusCode();

        var amqp = new UriBuilder(servers.RabbitMq) { Path = "/" + name }.Uri;
        return new IsolatedVirtualHost(client, name, amqp);
    }

    /// <summary>Messages waiting in a queue of this virtual host, as the management API last sampled them.</summary>
    public async Task<string> GetQueueJsonAsync(string queue) =>
        await management.GetStringAsync($"api/queues/{Name}/{Uri.EscapeDataString(queue)}");

    /// <summary>Every queue of this virtual host (name, type, arguments…), as the management API lists them.</summary>
    public async Task<string> GetQueuesJsonAsync() =>
        await management.GetStringAsync($"api/queues/{Name}");

    public async ValueTask DisposeAsync()
    {
        using (management)
        {
            await management.DeleteAsync($"api/vhosts/{Name}");
        }
    }
}
