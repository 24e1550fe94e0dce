using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;
using SocialTech.Funding.ActorDirectory;
using SocialTech.Funding.Programmes.GettingDetails;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Programmes.Amending;

public static class AmendProgramme
{
    /// <summary>Replaces the terms; the same terms again append nothing.</summary>
    public static IReadOnlyList<object> Decide(
        Programme programme, ProgrammeRequest request, IReadOnlySet<Guid> knownActors, IReadOnlySet<Guid> declaredFunders, IFundingTerritories territories,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var terms = ProgrammeRules.Terms(request, knownActors, declaredFunders, territories);
        programme.EnsurePublished("amend the programme");
        return Same(programme.Terms, terms) ? [] : [new ProgrammeAmended(programme.Id, terms, now)];
    }

    public static async Task<Ok<ProgrammeDetails>> Handle(
        Guid id, ProgrammeRequest body, HttpRequest request, IDocumentSession session, IFundingTerritories territories, TimeProvider clock,
        CancellationToken ct)
    {
        var known = await DirectoryLookup.KnownAsync(session, ProgrammeRules.ActorsNamed(body), ct);
        var declared = await DirectoryLookup.DeclaredFundersAsync(session, body?.Funders ?? [], ct);
        return await ProgrammeUpdating.ApplyAsync(id, request, session, programme => Decide(programme, body!, known, declared, territories, clock.GetUtcNow()), ct);
    }

    /// <summary>Records compare lists by reference: compare their contents.</summary>
    private static bool Same(ProgrammeTerms a, ProgrammeTerms b) =>
        a with
        {
            Funders = b.Funders, InstructingBodies = b.InstructingBodies, Themes = b.Themes, BeneficiaryKinds = b.BeneficiaryKinds,
            AidTypes = b.AidTypes, EligibleTerritories = b.EligibleTerritories,
        } == b
        && a.Funders.SequenceEqual(b.Funders) && a.InstructingBodies.SequenceEqual(b.InstructingBodies)
        && a.Themes.SequenceEqual(b.Themes) && a.BeneficiaryKinds.SequenceEqual(b.BeneficiaryKinds)
        && a.AidTypes.SequenceEqual(b.AidTypes) && a.EligibleTerritories.SequenceEqual(b.EligibleTerritories);
}

/// <summary>The one way every programme update writes: If-Match → decide → append → the new record with its ETag.</summary>
public static class ProgrammeUpdating
{
    public static async Task<Ok<ProgrammeDetails>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Programme, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var version = await session.DecideAndAppendAsync(id, ETag.ExpectedVersion(request), decide, ct);
        var details = await session.LoadAsync<ProgrammeDetails>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(details!);
    }
}
