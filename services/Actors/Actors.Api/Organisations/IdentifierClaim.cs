using Marten;
using Microsoft.AspNetCore.Http;
using SocialTech.Actors.Contracts;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Actors.Organisations;

/// <summary>
/// Which actor holds an identifier (<c>siren:123456789</c>). Its primary key is what makes a second actor with the
/// same SIREN or RNA impossible, even when two registrations race: the second insert fails the whole transaction.
/// </summary>
public sealed record IdentifierClaim(string Id, Guid ActorId)
{
    public static string KeyOf(IdentifierKind kind, string value) => $"{Kebab.Name(kind)}:{value}";

    /// <summary>
    /// SIREN and RNA identify an organisation; a SIRET identifies one establishment, and its first 9 digits are
    /// the SIREN, which is what we claim for it.
    /// </summary>
    public static IEnumerable<string> KeysOf(ActorIdentifiers identifiers)
    {
        var siren = identifiers.Siren ?? identifiers.Siret?[..9];
        if (siren is not null)
        {
            yield return KeyOf(IdentifierKind.Siren, siren);
        }

        if (identifiers.Rna is not null)
        {
            yield return KeyOf(IdentifierKind.Rna, identifiers.Rna);
        }
    }

    /// <summary>Answers 409 with a link to the actor that already holds one of these identifiers.</summary>
    public static async Task EnsureFreeAsync(IQuerySession session, IEnumerable<string> keys, Guid claimant, CancellationToken ct)
    {
        var claims = await session.LoadManyAsync<IdentifierClaim>(ct, keys.ToArray());
        if (claims.FirstOrDefault(c => c.ActorId != claimant) is { } taken)
        {
            throw new ProblemException(StatusCodes.Status409Conflict, "Duplicate actor",
                $"{taken.Id} already identifies actor {taken.ActorId}.",
                new Dictionary<string, object?> { ["existing"] = $"/api/actors/{taken.ActorId}", ["identifier"] = taken.Id });
        }
    }
}
