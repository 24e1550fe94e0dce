using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using MassTransit;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.IncubatorNetworks;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Networks;
using SocialTech.IncubatorNetworks.Ventures;

namespace SocialTech.Benchmarks.Scenarios.Append;

/// <summary>
/// The append workload of issue 10: one incubator network with <see cref="Count"/> ventures (one event stream each),
/// to which the network's system reports indicators (<c>POST /api/networks/{id}/ventures/{ref}/indicators</c>),
/// streams chosen Zipf-distributed. That route is the platform's machine-to-machine write path: a network's system
/// publishes what happened, one event per message, with its own eventId for idempotency and no <c>If-Match</c>
/// (docs/performance.md says why this route).
/// </summary>
public sealed class VentureFleet
{
    public const string ServiceAssembly = "services/IncubatorNetworks/IncubatorNetworks.Api/bin/Release/net10.0/IncubatorNetworks.Api.dll";

    /// <summary>Communes of Auvergne-Rhône-Alpes, so that the ventures land in real territorial feeds.</summary>
    private static readonly string[] Communes = ["69123", "69266", "38185", "42218", "63113", "73065", "74010", "01053", "26362", "07186"];

    private VentureFleet(Guid networkId, int count)
    {
        NetworkId = networkId;
        Count = count;
    }

    public Guid NetworkId { get; }

    public int Count { get; }

    public static string Reference(int venture) => $"V-{venture.ToString("D5", CultureInfo.InvariantCulture)}";

    public Guid StreamOf(int venture) => Subjects.StreamId(Subjects.Ventures, NetworkId, Reference(venture));

    /// <summary>
    /// Marten exactly as the IncubatorNetworks service registers it (<c>AddEventStore</c> with the service's
    /// <c>Configure</c>: inline projections, metadata columns, session factory), daemon off, in a host that is built
    /// but never started: the benchmark gets the service's <see cref="IDocumentStore"/> and <see cref="ISessionFactory"/>.
    /// </summary>
    public static IHost StoreHost(string connectionString)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{IncubatorNetworksEventStore.ConnectionName}"] = connectionString,
            [EventStoreExtensions.DaemonModeKey] = "Disabled",
        });
        builder.AddEventStore<IncubatorNetworksContractMapper>(
            IncubatorNetworksEventStore.ConnectionName, IncubatorNetworksEventStore.Schema, IncubatorNetworksEventStore.Configure);

        // The outbox subscription is registered with the store and asks for a bus; with the daemon off it never runs.
        builder.Services.AddMassTransit(bus => bus.UsingInMemory());
        return builder.Build();
    }

    /// <summary>
    /// Founds the network and admits <paramref name="count"/> ventures through the service's event store (the same
    /// events and inline projections as the API's admissions, without the admissions' publication records), 500 per
    /// commit. The schema must exist (the service applies it on start-up, or the caller through the store).
    /// </summary>
    public static async Task<VentureFleet> SeedAsync(IDocumentStore store, int count, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var networkId = Guid.CreateVersion7();
        var now = DateTimeOffset.UtcNow;
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<Network>(networkId, new NetworkFounded(networkId, "Réseau Bench", Guid.CreateVersion7(), new Uri("https://bench.example.org"), now));
            await session.SaveChangesAsync(ct);
        }

        var fleet = new VentureFleet(networkId, count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(500))
        {
            await using var session = store.LightweightSession();
            foreach (var v in chunk)
            {
                var reference = Reference(v);
                session.Events.StartStream<Venture>(fleet.StreamOf(v), new VentureAdmitted(
                    fleet.StreamOf(v), networkId, reference, $"Projet {reference}", "P-BENCH", null, VenturePhase.Emergence,
                    Communes[v % Communes.Length], new DateOnly(2024, 9, 1), now));
            }

            await session.SaveChangesAsync(ct);
        }

        return fleet;
    }

    /// <summary>
    /// The body of message <paramref name="sequence"/> of worker <paramref name="worker"/>: a yearly report with the
    /// three indicators, as a network's system sends it (about 130 bytes of JSON), and an eventId unique to the run.
    /// </summary>
    public static byte[] IndicatorsBody(string run, int worker, long sequence, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            eventId = $"{run}-{worker}-{sequence}",
            year = 2018 + random.Next(8),
            jobs = random.Next(0, 40),
            revenueEuros = Math.Round((decimal)(random.NextDouble() * 900_000), 2),
            beneficiaries = random.Next(0, 2_000),
        });
    }

    /// <summary>
    /// Posts one report; on 412 (the service lost an optimistic-concurrency race three times on a hot stream) posts
    /// it again with the same eventId, as a client would. Returns how many times it had to retry.
    /// </summary>
    public async Task<int> ReportAsync(HttpClient http, int venture, byte[] body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(http);
        for (var retries = 0; ; retries++)
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync($"api/networks/{NetworkId}/ventures/{Reference(venture)}/indicators", content, ct);
            if (response.StatusCode == HttpStatusCode.PreconditionFailed && retries < 20)
            {
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                throw new HttpRequestException($"{(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
            }

            return retries;
        }
    }

    public static string Text(byte[] body) => Encoding.UTF8.GetString(body);
}
