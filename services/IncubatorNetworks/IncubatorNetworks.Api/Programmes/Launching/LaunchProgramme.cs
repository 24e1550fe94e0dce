using System.ComponentModel.DataAnnotations;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.IncubatorNetworks.Activity;
using SocialTech.IncubatorNetworks.Activity.Publishing;
using SocialTech.IncubatorNetworks.Networks;

namespace SocialTech.IncubatorNetworks.Programmes.Launching;

/// <param name="EventId">The network's id for this message (idempotency).</param>
/// <param name="ProgrammeRef">The network's own reference for the programme.</param>
/// <param name="Name">e.g. <c>Incubateur Ronalpia 2026</c>.</param>
/// <param name="Kind"><c>emergence</c>, <c>incubation</c>, <c>acceleration</c>, <c>implantation</c> or <c>rural</c>.</param>
/// <param name="LaunchedOn">The day it started.</param>
public sealed record ProgrammeLaunchedMessage([property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? EventId, [property: MaxLength(Activity.ActivityRules.MaxReferenceLength)] string? ProgrammeRef, [property: StringLength(TextBounds.Name, MinimumLength = 1)] string? Name, [property: MaxLength(TextBounds.Code)] string? Kind, DateOnly? LaunchedOn) : INetworkMessage;

public static class LaunchProgramme
{
    public const string Kind = "programme-launched";

    public static Decision Decide(Programme? programme, Network network, ProgrammeLaunchedMessage message, DateTimeOffset now)
    {
        var validation = new Validation().Required(message.Name, "name", TextBounds.Name);
        var kind = validation.Kind<ProgrammeKind>(message.Kind, "kind");
        validation.Date(message.LaunchedOn, "launchedOn", now, pastOnly: false).ThrowIfInvalid();
        if (programme is not null)
        {
            throw new InvalidTransitionException("launch the programme again", $"the programme {programme.Ref} was launched on {programme.LaunchedOn:yyyy-MM-dd}");
        }

        var streamId = Subjects.StreamId(Subjects.Programmes, network.Id, message.ProgrammeRef!);
        return new Decision(
            [new ProgrammeLaunched(streamId, network.Id, message.ProgrammeRef!, message.Name!.Trim(), kind, message.LaunchedOn!.Value, now)],
            $"{network.Name} lance le programme {message.Name!.Trim()} ({FrenchWording.Of(kind)})", null, message.LaunchedOn!.Value);
    }

    public static Task<PublicationResult> PublishAsync(
        ISessionFactory sessions, Guid networkId, ProgrammeLaunchedMessage message, DateTimeOffset now, CancellationToken ct) =>
        ActivityPublisher.PublishAsync<Programme>(sessions, networkId, message, Kind, Subjects.Programmes, message.ProgrammeRef,
            (programme, network) => Decide(programme, network, message, now), now, ct);

    public static async Task<Results<Created<PublicationReceipt>, Ok<PublicationReceipt>>> Handle(
        Guid networkId, ProgrammeLaunchedMessage message, ISessionFactory sessions, TimeProvider clock, HttpResponse response, CancellationToken ct) =>
        ActivityPublisher.Answer(await PublishAsync(sessions, networkId, message, clock.GetUtcNow(), ct), response);
}
