using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Networks.GettingDetails;

namespace SocialTech.IncubatorNetworks.Networks.OpeningHubs;

/// <summary>A hub in a French commune (<c>communeCode</c>) or abroad (<c>countryCode</c> and <c>city</c>).</summary>
/// <param name="Name">e.g. <c>Ronalpia Drôme-Ardèche</c>.</param>
/// <param name="CommuneCode">INSEE code of its commune, for a hub in France (overseas included).</param>
/// <param name="CountryCode">ISO 3166-1 alpha-2, for a hub abroad.</param>
/// <param name="City">The city abroad.</param>
/// <param name="OpenedOn">The day it opened.</param>
public sealed record OpenHubRequest([property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name, [property: MaxLength(TextBounds.Code)] string? CommuneCode, [property: MaxLength(TextBounds.Code)] string? CountryCode, [property: MaxLength(TextBounds.Name)] string? City, DateOnly? OpenedOn);

public static class OpenHub
{
    public static IReadOnlyList<object> Decide(Network network, Guid hubId, OpenHubRequest request, DateTimeOffset now)
    {
        var validation = new Validation().Required(request.Name, "name", TextBounds.Name);
        var location = NetworkRules.Location(validation, request.CommuneCode, request.CountryCode, request.City);
        validation
            .Check(request.OpenedOn is not null, "openedOn", "is required.")
            .Check(request.OpenedOn is null || request.OpenedOn <= DateOnly.FromDateTime(now.UtcDateTime), "openedOn",
                "cannot be in the future: record a hub once it has opened.")
            .ThrowIfInvalid();

        var name = request.Name!.Trim();
        if (network.OpenHubs.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)) is { } same)
        {
            throw new InvalidTransitionException("open a second hub with this name", $"the hub {same.HubId} named {same.Name} is open");
        }

        return [new HubOpened(network.Id, hubId, name, location!, request.OpenedOn!.Value, now)];
    }

    public static Task<Ok<NetworkDetails>> Handle(
        Guid networkId, OpenHubRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        Updating.ApplyAsync(networkId, request, session, network => Decide(network, Guid.CreateVersion7(), body, clock.GetUtcNow()), ct);
}
