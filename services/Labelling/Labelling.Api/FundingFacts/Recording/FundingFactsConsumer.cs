using Marten;
using MassTransit;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding.Contracts;

namespace SocialTech.Labelling.FundingFacts.Recording;

/// <summary>Keeps Labelling's funding facts in step with Funding's grant contracts.</summary>
/// <remarks>
/// One consumer, hence one queue, for all of a grant's contracts: they arrive in the order Funding published them.
/// Idempotent through <see cref="LocalCopies.ApplyOnceAsync"/>; a payment or amendment that overtakes its award is
/// retried until the award has arrived.
/// </remarks>
public sealed class FundingFactsConsumer(IDocumentSession session, TimeProvider clock) :
    IConsumer<GrantAwarded>,
    IConsumer<GrantDisbursed>,
    IConsumer<GrantAmended>,
    IConsumer<GrantCancelled>
{
    public Task Consume(ConsumeContext<GrantAwarded> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.GrantId, m.Version, (_, now) => new FundingFact(
            m.GrantId, m.RecipientActorId, m.Funders, m.ProgrammeId, FundingFact.AwardedStatus, m.DecisionDate, m.FiscalYears,
            m.Amount, 0m, null, null, m.Version, now, m.Purpose));
    }

    public Task Consume(ConsumeContext<GrantDisbursed> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.GrantId, m.Version, (fact, now) => LocalCopies.Existing(fact, context) with
        {
            // The running total, not a sum: a payment missed in between (impossible on one ordered queue, but
            // cheap to survive) would otherwise be lost for good.
            Disbursed = m.TotalDisbursed,
            LastPaidOn = m.PaidOn,
            SourceVersion = m.Version,
            UpdatedAt = now,
        });
    }

    public Task Consume(ConsumeContext<GrantAmended> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.GrantId, m.Version, (fact, now) => LocalCopies.Existing(fact, context) with
        {
            Awarded = m.Amount,
            Funders = m.Funders,
            SourceVersion = m.Version,
            UpdatedAt = now,
        });
    }

    public Task Consume(ConsumeContext<GrantCancelled> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.GrantId, m.Version, (fact, now) => LocalCopies.Existing(fact, context) with
        {
            Status = FundingFact.CancelledStatus,
            CancelledOn = m.CancelledOn,
            SourceVersion = m.Version,
            UpdatedAt = now,
        });
    }

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid grantId, long version, Func<FundingFact?, DateTimeOffset, FundingFact> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(FundingFactsConsumer), grantId, version, clock, apply);
}

/// <summary>Keeps the copy right when contracts change part of it: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class FundingFactsConsumerDefinition : InOrderConsumerDefinition<FundingFactsConsumer>;
