namespace SocialTech.Actors.Contracts;

/// <summary>
/// Everything other services keep about an actor. Sent whole in <see cref="ActorRegistered"/> and
/// <see cref="ActorProfileChanged"/>, so that consumers replace their copy and never call back.
/// </summary>
/// <param name="Name">Public name.</param>
/// <param name="Kinds">Kinds, kebab-case (<c>association</c>, <c>scic</c>, <c>tiers-lieu-operator</c>…).</param>
/// <param name="Identifiers">SIREN, SIRET, RNA.</param>
/// <param name="LegalCategory">INSEE legal category code (e.g. <c>9220</c>, declared association), when known.</param>
/// <param name="Ess">Whether it belongs to the social and solidarity economy (loi du 31 juillet 2014).</param>
/// <param name="Esus">Its ESUS agreement, when it has one.</param>
/// <param name="HeadOffice">The commune of its head office.</param>
/// <param name="PlacesOfAction">Where it acts, which is not always where its head office is.</param>
/// <param name="Website">Public website.</param>
/// <param name="Mailbox">A role mailbox (contact@…), never a person's address.</param>
/// <param name="Status"><c>active</c>, <c>ceased</c> or <c>merged</c>.</param>
public sealed record ActorProfile(
    string Name,
    IReadOnlyList<string> Kinds,
    ActorIdentifiers Identifiers,
    string? LegalCategory,
    bool Ess,
    EsusAgreement? Esus,
    CommuneReference HeadOffice,
    IReadOnlyList<TerritoryReference> PlacesOfAction,
    Uri? Website,
    string? Mailbox,
    string Status);
