using System.Text;
using System.Text.Json;
using RabbitMQ.Client.Exceptions;
using SocialTech.Samples.NetworkPublisher;

// Usage (docs/networks-amqp.md):
//   NetworkPublisher --amqp amqp://user:pass@host:5672/ --network <id> --kind venture-admitted [message.json | -]
//   NetworkPublisher --amqp … --network <id> --batch messages.ndjson      (one {"kind": …, "body": {…}} per line)
// --routing-key <key> replaces --network and --kind; --exchange overrides socialtech.networks.inbox.
// The AMQP address may come from NETWORKS_AMQP instead of --amqp. Exit codes: 0 all confirmed, 1 usage,
// 2 refused or unroutable, 3 access refused (a routing key outside the user's permissions).
var options = new Dictionary<string, string>(StringComparer.Ordinal);
var files = new List<string>();
for (var i = 0; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal) && args[i].Length > 2 && i + 1 < args.Length)
    {
        options[args[i][2..]] = args[++i];
    }
    else
    {
        files.Add(args[i]);
    }
}

var amqp = options.GetValueOrDefault("amqp") ?? Environment.GetEnvironmentVariable("NETWORKS_AMQP");
if (amqp is null || (!options.ContainsKey("routing-key") && !options.ContainsKey("network")))
{
    await Console.Error.WriteLineAsync("usage: NetworkPublisher --amqp <uri> (--network <id> (--kind <kind> [file|-] | --batch <file.ndjson>) | --routing-key <key> [file|-])");
    return 1;
}

var messages = new List<(string RoutingKey, byte[] Body)>();
if (options.TryGetValue("batch", out var batch))
{
    foreach (var line in await File.ReadAllLinesAsync(batch))
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            continue;
        }

        using var entry = JsonDocument.Parse(line);
        var kind = entry.RootElement.GetProperty("kind").GetString();
        messages.Add(($"{options["network"]}.{kind}", Encoding.UTF8.GetBytes(entry.RootElement.GetProperty("body").GetRawText())));
    }
}
else
{
    var routingKey = options.GetValueOrDefault("routing-key") ?? $"{options["network"]}.{options.GetValueOrDefault("kind")}";
    foreach (var file in files.Count == 0 ? ["-"] : files)
    {
        var text = file == "-" ? await Console.In.ReadToEndAsync() : await File.ReadAllTextAsync(file);
        messages.Add((routingKey, Encoding.UTF8.GetBytes(text)));
    }
}

await using var publisher = await InboxPublisher.ConnectAsync(new Uri(amqp), options.GetValueOrDefault("exchange") ?? InboxPublisher.DefaultExchange);
foreach (var (routingKey, body) in messages)
{
    try
    {
        await publisher.PublishAsync(routingKey, body);
        Console.WriteLine($"confirmed {routingKey}");
    }
    catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 403)
    {
        await Console.Error.WriteLineAsync($"access refused for {routingKey}: {e.ShutdownReason.ReplyText}");
        return 3;
    }
    catch (PublishException e)
    {
        await Console.Error.WriteLineAsync($"not delivered {routingKey}: {(e.IsReturn ? "no queue is bound (is the service running?)" : "refused by the broker")}");
        return 2;
    }
}

return 0;
