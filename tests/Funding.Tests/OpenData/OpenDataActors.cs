using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;

namespace SocialTech.Funding.Tests.OpenData;

/// <summary>Directory actors with identifiers (SIRET, SIREN, RNA), which open data is about, stored as the actors' contracts would.</summary>
public static class OpenDataActors
{
    public static async Task<Guid> SeedAsync(
        FundingService service, string name, string headOffice, string kind, string? siret = null, string? siren = null, string? rna = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        var id = Guid.CreateVersion7();
        await using var session = service.Host.Services.GetRequiredService<IDocumentStore>().LightweightSession();
        session.Store(new DirectoryActor(id, name, [kind], new ActorIdentifiers(siren ?? siret?[..9], siret, rna), true,
            new CommuneReference(headOffice, 2025), [], DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }
}
