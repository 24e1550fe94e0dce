using Marten;
using MassTransit;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding.Territories;
using SocialTech.IncubatorNetworks.Contracts;

namespace SocialTech.Funding.Hubs;

/// <summary>Keeps Funding's hubs (<see cref="KnownHub"/>) in step with IncubatorNetworks' hub contracts.</summary>
/// <remarks>
/// One consumer, hence one queue (<c>funding-known-hubs</c>), for a hub's opening and closing, in published order.
/// Idempotent through <see cref="LocalCopies.ApplyOnceAsync"/>, by message id and by the network stream's version (each
/// hub's copy keeps the version of the last message about it). A closure carries no description: one seen before the
/// opening fails and is retried (<see cref="LocalCopies.Existing"/>), as places' are.
/// </remarks>
public sealed class KnownHubsConsumer(IDocumentSession session, IFundingTerritories territories, TimeProvider clock) :
    IConsumer<NetworkHubOpened>,
    IConsumer<NetworkHubClosed>
{
    public Task Consume(ConsumeContext<NetworkHubOpened> context)
    {
        var m = context.Message;
        Check(m, m.NetworkId, m.HubId, m.Version).ThrowIfPoison();
        return ApplyAsync(context, m.HubId, m.Version, (_, now) => new KnownHub(
            m.HubId, m.NetworkId, m.NetworkName, m.HeadActorId, m.HubName, m.CommuneCode, m.CountryCode,
            m.CommuneCode is null ? [] : territories.KeysOf($"commune:{m.CommuneCode}"), m.OpenedOn, null, KnownHub.Open, m.Version, now));
    }

    public Task Consume(ConsumeContext<NetworkHubClosed> context)
    {
        var m = context.Message;
        Check(m, m.NetworkId, m.HubId, m.Version).ThrowIfPoison();
        return ApplyAsync(context, m.HubId, m.Version, (known, now) => LocalCopies.Existing(known, context) with
        {
            ClosedOn = m.ClosedOn,
            Status = KnownHub.Closed,
            SourceVersion = m.Version,
            UpdatedAt = now,
        });
    }

    /// <summary>What IncubatorNetworks never leaves empty: a hub with the empty id would be one copy for every such message.</summary>
    private static ContractChecks Check(object message, Guid networkId, Guid hubId, long version) =>
        new ContractChecks(message).Id(networkId, "NetworkId").Id(hubId, "HubId").Version(version);

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid hubId, long version, Func<KnownHub?, DateTimeOffset, KnownHub> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(KnownHubsConsumer), hubId, version, clock, apply);
}

/// <summary>In published order, one at a time: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class KnownHubsConsumerDefinition : InOrderConsumerDefinition<KnownHubsConsumer>;
