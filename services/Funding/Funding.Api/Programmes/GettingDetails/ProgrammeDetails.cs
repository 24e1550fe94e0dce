using JasperFx.Events;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Funding.Programmes.GettingDetails;

/// <summary>A programme's public record, kept inline with its stream (same transaction as the append).</summary>
/// <param name="AidTypes">Kebab-case: <c>grant</c>, <c>loan</c>, <c>recoverable-advance</c>, <c>engineering-support</c>.</param>
/// <param name="EligibleTerritories"><c>level:code</c> keys as published; search rolls a place up to them.</param>
/// <param name="Status"><c>published</c> or <c>retired</c>.</param>
public sealed record ProgrammeDetails(
    Guid Id,
    string Name,
    IReadOnlyList<Guid> Funders,
    IReadOnlyList<Guid> InstructingBodies,
    IReadOnlyList<string> Themes,
    IReadOnlyList<string> BeneficiaryKinds,
    IReadOnlyList<string> AidTypes,
    IReadOnlyList<string> EligibleTerritories,
    DateOnly OpensOn,
    DateOnly? ClosesOn,
    bool CallForProjects,
    decimal? BudgetEnvelope,
    string Status,
    DateOnly? RetiredOn,
    string? RetirementReason,
    DateTimeOffset PublishedAt)
{
    public long Version { get; init; }

    public static ProgrammeDetails From(Programme state) => new(
        state.Id,
        state.Terms.Name,
        state.Terms.Funders,
        state.Terms.InstructingBodies,
        state.Terms.Themes,
        state.Terms.BeneficiaryKinds,
        state.Terms.AidTypes.Select(Kebab.Name).ToArray(),
        state.Terms.EligibleTerritories,
        state.Terms.OpensOn,
        state.Terms.ClosesOn,
        state.Terms.CallForProjects,
        state.Terms.BudgetEnvelope,
        Kebab.Name(state.Status),
        state.RetiredOn,
        state.RetirementReason,
        state.PublishedAt)
    {
        Version = state.Version,
    };

    /// <summary>The record holds the whole state, so the state is read back from it without loss.</summary>
    public Programme ToState() => new(
        Id,
        new ProgrammeTerms(Name, Funders, InstructingBodies, Themes, BeneficiaryKinds,
            AidTypes.Select(a => Kebab.TryParse<AidType>(a, out var aid) ? aid : throw new InvalidOperationException($"Unknown aid type {a}")).ToArray(),
            EligibleTerritories, OpensOn, ClosesOn, CallForProjects, BudgetEnvelope),
        Kebab.TryParse<ProgrammeStatus>(Status, out var status) ? status : ProgrammeStatus.Published,
        RetiredOn,
        RetirementReason,
        PublishedAt) { Version = Version };
}

public sealed class ProgrammeDetailsProjection : OwnStreamProjection<ProgrammeDetails>
{
    public ProgrammeDetailsProjection()
        : base(Programme.EventTypes)
    {
    }

    public override ProgrammeDetails? Evolve(ProgrammeDetails? snapshot, Guid id, IEvent e) =>
        Programme.Fold(snapshot?.ToState(), e.Data) is { } next ? ProgrammeDetails.From(next with { Version = e.Version }) : snapshot;
}

public static class GetProgrammeDetails
{
    public static async Task<Results<Ok<ProgrammeDetails>, NotFound>> Handle(
        Guid id, IQuerySession session, HttpResponse response, CancellationToken ct)
    {
        var details = await session.LoadAsync<ProgrammeDetails>(id, ct);
        if (details is null)
        {
            return TypedResults.NotFound();
        }

        ETag.Set(response, details.Version);
        return TypedResults.Ok(details);
    }
}
