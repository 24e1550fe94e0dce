using Marten;
using MassTransit;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Funding.Contracts;

namespace SocialTech.Labelling.FundingFacts.Recording;

/// <summary>Keeps Labelling's copy of Funding's programmes, once per message (<see cref="LocalCopies.ApplyOnceAsync"/>).</summary>
public sealed class FundedProgrammesConsumer(IDocumentSession session, TimeProvider clock) :
    IConsumer<ProgrammePublished>,
    IConsumer<ProgrammeRetired>
{
    public Task Consume(ConsumeContext<ProgrammePublished> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        return session.ApplyOnceAsync<ProgrammePublished, FundedProgramme>(context, nameof(FundedProgrammesConsumer), m.ProgrammeId, m.Version, now,
            _ => new FundedProgramme(m.ProgrammeId, m.Name, m.Funders, m.Themes, m.EligibleTerritories, FundedProgramme.Published, null, m.Version, now));
    }

    public Task Consume(ConsumeContext<ProgrammeRetired> context)
    {
        var m = context.Message;
        var now = clock.GetUtcNow();
        return session.ApplyOnceAsync<ProgrammeRetired, FundedProgramme>(context, nameof(FundedProgrammesConsumer), m.ProgrammeId, m.Version, now,
            known => LocalCopies.Existing(known, context) with
            {
                Status = FundedProgramme.Retired,
                RetiredOn = m.RetiredOn,
                SourceVersion = m.Version,
                UpdatedAt = now,
            });
    }
}

/// <summary>Keeps the copy right when contracts change part of it: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class FundedProgrammesConsumerDefinition : InOrderConsumerDefinition<FundedProgrammesConsumer>;
