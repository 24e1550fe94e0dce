using JasperFx.Events;
using Marten;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding.Grants;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Territories;
using Contracts = SocialTech.Funding.Contracts;
using Domain = SocialTech.Funding.Grants;
using DomainProgrammes = SocialTech.Funding.Programmes;

namespace SocialTech.Funding;

/// <summary>What Funding tells the others, built from its committed events.</summary>
/// <remarks>
/// Applications and signed agreements stay inside: neither changes what was given or paid, and an application's later
/// cancellation is not published either, since no consumer ever heard of the grant. A closure is published: it makes
/// what was paid final.
/// </remarks>
public sealed class FundingContractMapper(IFundingTerritories territories) : IContractMapper
{
    public ContractCatalog Contracts { get; } = new ContractCatalog()
        .Add<Contracts.GrantAwarded>(typeof(Domain.GrantAwarded), typeof(ApplicationAwarded))
        .Add<Contracts.GrantDisbursed>(typeof(DisbursementMade))
        .Add<Contracts.GrantAmended>(typeof(GrantAmountAmended))
        .Add<Contracts.GrantCancelled>(typeof(Domain.GrantCancelled))
        .Add<Contracts.GrantClosed>(typeof(Domain.GrantClosed))
        .Add<Contracts.ProgrammePublished>(typeof(DomainProgrammes.ProgrammePublished))
        .Add<Contracts.ProgrammeAmended>(typeof(DomainProgrammes.ProgrammeAmended))
        .Add<Contracts.ProgrammeRetired>(typeof(DomainProgrammes.ProgrammeRetired));

    public async ValueTask<object?> ToContractAsync(IEvent committed, IQuerySession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(committed);
        switch (committed.Data)
        {
            case Domain.GrantAwarded e:
                return Awarded(Grant.Fold(null, e)!, committed.Version, e.RecordedAt);
            case ApplicationAwarded e:
                return Awarded(await StateAtAsync(committed, session, cancellationToken), committed.Version, e.RecordedAt);
            case DisbursementMade e:
                var paid = await StateAtAsync(committed, session, cancellationToken);
                return new Contracts.GrantDisbursed(e.GrantId, committed.Version, paid.Terms.Recipient.ActorId, e.FunderId, e.Amount, e.PaidOn,
                    paid.Disbursed, e.RecordedAt);
            case GrantAmountAmended e:
                var amended = await StateAtAsync(committed, session, cancellationToken);
                return new Contracts.GrantAmended(e.GrantId, committed.Version, amended.Terms.Recipient.ActorId, FundersOf(e.Funders), e.Amount,
                    e.PreviousAmount, e.Reason, e.AmendedOn);
            case Domain.GrantCancelled e:
                var cancelled = await StateAtAsync(committed, session, cancellationToken);
                return cancelled.DecisionDate is null
                    ? null
                    : new Contracts.GrantCancelled(e.GrantId, committed.Version, cancelled.Terms.Recipient.ActorId, e.CancelledOn, e.Reason);
            case Domain.GrantClosed e:
                var closed = await StateAtAsync(committed, session, cancellationToken);
                return new Contracts.GrantClosed(e.GrantId, committed.Version, closed.Terms.Recipient.ActorId, e.ClosedOn, closed.Terms.Amount, closed.Disbursed);
            case DomainProgrammes.ProgrammePublished e:
                return Published(e, committed.Version);
            case DomainProgrammes.ProgrammeAmended e:
                var terms = e.Terms;
                return new Contracts.ProgrammeAmended(e.ProgrammeId, committed.Version, terms.Name, terms.Funders, terms.InstructingBodies, terms.Themes,
                    terms.BeneficiaryKinds, terms.AidTypes.Select(Kebab.Name).ToArray(), Eligible(e.ProgrammeId, terms), terms.OpensOn, terms.ClosesOn,
                    terms.CallForProjects, terms.BudgetEnvelope, e.AmendedAt);
            case DomainProgrammes.ProgrammeRetired e:
                return new Contracts.ProgrammeRetired(e.ProgrammeId, committed.Version, e.RetiredOn, e.Reason);
            default:
                return null;
        }
    }

    private static Contracts.GrantAwarded Awarded(Grant grant, long version, DateTimeOffset recordedAt) => new(
        grant.Id,
        version,
        FundersOf(grant.Terms.Funders),
        grant.Terms.Recipient.ActorId,
        grant.Terms.Recipient.Kinds,
        grant.Terms.Recipient.HeadOffice,
        grant.Terms.ProgrammeId,
        grant.Terms.ParentGrantId,
        grant.Terms.Purpose,
        grant.Terms.Amount,
        grant.DecisionDate ?? throw new InvalidOperationException($"Grant {grant.Id} is published as awarded without a decision date."),
        grant.Terms.PlannedStart,
        grant.Terms.PlannedEnd,
        grant.Terms.FiscalYears,
        grant.Terms.BeneficiaryLocations,
        recordedAt);

    private static Contracts.GrantFunder[] FundersOf(IEnumerable<Domain.FunderShare> shares) =>
        shares.Select(s => new Contracts.GrantFunder(s.FunderId, Kebab.Name(s.FunderType), s.Amount)).ToArray();

    // Programmes record eligible territories as bare keys; they are validated against the current vintage when
    // published, and this service publishes in the same release, so that is the vintage they are read in.
    private Contracts.ProgrammePublished Published(DomainProgrammes.ProgrammePublished e, long version) => new(
        e.ProgrammeId,
        version,
        e.Terms.Name,
        e.Terms.Funders,
        e.Terms.InstructingBodies,
        e.Terms.Themes,
        e.Terms.BeneficiaryKinds,
        e.Terms.AidTypes.Select(Kebab.Name).ToArray(),
        Eligible(e.ProgrammeId, e.Terms),
        e.Terms.OpensOn,
        e.Terms.ClosesOn,
        e.Terms.CallForProjects,
        e.Terms.BudgetEnvelope,
        e.PublishedAt);

    private TerritoryReference[] Eligible(Guid programmeId, ProgrammeTerms terms) =>
        terms.EligibleTerritories.Select(key => TerritoryKey.TryParse(key, out var level, out var code)
            ? new TerritoryReference(TerritoryKey.LevelName(level), code, territories.Vintage)
            : throw new InvalidOperationException($"Programme {programmeId} holds '{key}', which is not a level:code key.")).ToArray();

    /// <summary>The grant as of this event, not as of now: a later change must not leak into an earlier message.</summary>
    private static async Task<Grant> StateAtAsync(IEvent committed, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(committed.StreamId, committed.Version, token: ct);
        return events.Aggregate((Grant?)null, (state, e) => Grant.Fold(state, e.Data))
            ?? throw new InvalidOperationException($"Stream {committed.StreamId} has no grant before version {committed.Version}.");
    }
}
