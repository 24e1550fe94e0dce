using JasperFx.Events;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Organisations;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;

namespace SocialTech.Actors;

/// <summary>What the Actors service tells the others, built from its committed events.</summary>
public sealed class ActorsContractMapper : IContractMapper
{
    public object? ToContract(IEvent committed) => committed.Data switch
    {
        OrganisationRegistered e => new ActorRegistered(
            e.ActorId, committed.Version, e.Name, e.Kinds.Select(Kebab.Name).ToArray(), e.HeadOffice, e.RegisteredAt),
        _ => null,
    };
}
