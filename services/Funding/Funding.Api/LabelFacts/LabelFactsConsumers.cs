using Marten;
using MassTransit;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Messaging;
using SocialTech.Labelling.Contracts;

namespace SocialTech.Funding.LabelFacts;

/// <summary>Keeps Funding's <see cref="KnownLabel"/>s in step with Labelling's label contracts.</summary>
/// <remarks>
/// One consumer, hence one queue, for all of a label's contracts: they arrive in the order Labelling published them.
/// Idempotent through <see cref="LocalCopies.ApplyOnceAsync"/>; a change to a label not seen granted yet fails and is
/// retried, as the directory's consumer does.
/// </remarks>
public sealed class KnownLabelsConsumer(IDocumentSession session, TimeProvider clock) :
    IConsumer<LabelGranted>,
    IConsumer<LabelSuspended>,
    IConsumer<LabelReinstated>,
    IConsumer<LabelRevoked>,
    IConsumer<LabelExpired>,
    IConsumer<LabelRenewed>
{
    public Task Consume(ConsumeContext<LabelGranted> context) =>
        ApplyAsync(context, context.Message.LabelId, context.Message.Version, (_, now) => KnownLabel.From(context.Message, now));

    public Task Consume(ConsumeContext<LabelSuspended> context) =>
        Status(context, context.Message.LabelId, context.Message.Version, KnownLabel.Suspended);

    public Task Consume(ConsumeContext<LabelReinstated> context) =>
        Status(context, context.Message.LabelId, context.Message.Version, KnownLabel.Active);

    public Task Consume(ConsumeContext<LabelRevoked> context) =>
        Status(context, context.Message.LabelId, context.Message.Version, KnownLabel.Revoked);

    public Task Consume(ConsumeContext<LabelExpired> context) =>
        Status(context, context.Message.LabelId, context.Message.Version, KnownLabel.Expired);

    public Task Consume(ConsumeContext<LabelRenewed> context) =>
        ApplyAsync(context, context.Message.LabelId, context.Message.Version, (known, now) => LocalCopies.Existing(known, context) with
        {
            RenewedByLabelId = context.Message.RenewedByLabelId, SourceVersion = context.Message.Version, UpdatedAt = now,
        });

    private Task Status<T>(ConsumeContext<T> context, Guid labelId, long version, string status)
        where T : class =>
        ApplyAsync(context, labelId, version, (known, now) => LocalCopies.Existing(known, context) with { Status = status, SourceVersion = version, UpdatedAt = now });

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid labelId, long version, Func<KnownLabel?, DateTimeOffset, KnownLabel> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(KnownLabelsConsumer), labelId, version, clock, apply);
}

/// <summary>Keeps the copy right when contracts change part of it: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class KnownLabelsConsumerDefinition : InOrderConsumerDefinition<KnownLabelsConsumer>;

/// <summary>Keeps Funding's <see cref="KnownLabelApplication"/>s in step with Labelling's application contracts.</summary>
/// <remarks>
/// A decision or withdrawal of an application Funding never saw submitted (it started consuming later) is kept all the
/// same, without its holder: it is not under way, which is all the white zones ask of it.
/// </remarks>
public sealed class KnownLabelApplicationsConsumer(IDocumentSession session, TimeProvider clock) :
    IConsumer<LabelApplicationSubmitted>,
    IConsumer<LabelApplicationDecided>,
    IConsumer<LabelApplicationWithdrawn>
{
    public Task Consume(ConsumeContext<LabelApplicationSubmitted> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.ApplicationId, m.Version, (_, now) => new KnownLabelApplication(
            m.ApplicationId, m.SchemeId, m.Holder.Kind, m.Holder.Id, m.Holder.Territory, m.RenewsLabelId, KnownLabelApplication.Submitted, m.Version, now));
    }

    public Task Consume(ConsumeContext<LabelApplicationDecided> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.ApplicationId, m.Version, (known, now) =>
            (known ?? new KnownLabelApplication(m.ApplicationId, m.SchemeId, null, null, null, null, m.Decision, m.Version, now))
            with { Status = m.Decision, SourceVersion = m.Version, UpdatedAt = now });
    }

    public Task Consume(ConsumeContext<LabelApplicationWithdrawn> context)
    {
        var m = context.Message;
        return ApplyAsync(context, m.ApplicationId, m.Version, (known, now) =>
            (known ?? new KnownLabelApplication(m.ApplicationId, m.SchemeId, m.Holder.Kind, m.Holder.Id, m.Holder.Territory, m.RenewsLabelId,
                KnownLabelApplication.Withdrawn, m.Version, now))
            with { Status = KnownLabelApplication.Withdrawn, SourceVersion = m.Version, UpdatedAt = now });
    }

    private Task ApplyAsync<T>(ConsumeContext<T> context, Guid applicationId, long version, Func<KnownLabelApplication?, DateTimeOffset, KnownLabelApplication> apply)
        where T : class =>
        session.ApplyOnceAsync(context, nameof(KnownLabelApplicationsConsumer), applicationId, version, clock, apply);
}

/// <summary>A decision must not be overtaken by its submission: see <see cref="InOrderConsumerDefinition{TConsumer}"/>.</summary>
public sealed class KnownLabelApplicationsConsumerDefinition : InOrderConsumerDefinition<KnownLabelApplicationsConsumer>;
