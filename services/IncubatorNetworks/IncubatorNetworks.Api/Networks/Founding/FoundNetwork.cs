using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Networks.Founding;

/// <param name="Name">Public name, e.g. <c>Ronalpia</c>.</param>
/// <param name="HeadActorId">The active registry actor that heads the network (its legal body).</param>
/// <param name="Website">Public website.</param>
public sealed record FoundNetworkRequest([property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name, Guid? HeadActorId, [property: MaxLength(TextBounds.Url)] string? Website = null);

public static class FoundNetwork
{
    /// <param name="headStatus">The head actor's status in the directory, null when the directory does not know it.</param>
    public static NetworkFounded Decide(Guid networkId, FoundNetworkRequest request, string? headStatus, DateTimeOffset now)
    {
        var validation = new Validation().Required(request.Name, "name", TextBounds.Name);
        NetworkRules.ActiveActor(validation, "headActorId", request.HeadActorId, headStatus);
        var website = NetworkRules.Website(validation, request.Website);
        validation.ThrowIfInvalid();
        return new NetworkFounded(networkId, request.Name!.Trim(), request.HeadActorId!.Value, website, now);
    }

    public static async Task<Created<NetworkDetails>> Handle(
        FoundNetworkRequest request, IDocumentSession session, TimeProvider clock, HttpResponse response, CancellationToken ct)
    {
        var networkId = Guid.CreateVersion7();
        var headStatus = await NetworkRules.ActorStatusAsync(session, request.HeadActorId, ct);
        session.Events.StartStream<Network>(networkId, Decide(networkId, request, headStatus, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);

        var details = await session.LoadAsync<NetworkDetails>(networkId, ct);
        ETag.Set(response, details!.Version);
        return TypedResults.Created($"/api/networks/{networkId}", details);
    }
}
