namespace SocialTech.Actors.Contracts;

/// <summary>
/// An actor of social innovation joined the registry.
/// Published by Actors; consumed by Funding (its directory of recipients and funders), Labelling and
/// IncubatorNetworks, which keep their own copy of what they need and never call back.
/// </summary>
/// <param name="ActorId">The actor's id in the registry.</param>
/// <param name="Version">The version of the actor's stream after this change; consumers ignore older versions.</param>
/// <param name="Name">The actor's public name.</param>
/// <param name="Kinds">Its kinds (kebab-case, e.g. <c>association</c>, <c>scic</c>, <c>incubator</c>).</param>
/// <param name="HeadOffice">The commune of its head office.</param>
/// <param name="RegisteredAt">When it was registered.</param>
public sealed record ActorRegistered(
    Guid ActorId,
    long Version,
    string Name,
    IReadOnlyList<string> Kinds,
    CommuneReference HeadOffice,
    DateTimeOffset RegisteredAt);
