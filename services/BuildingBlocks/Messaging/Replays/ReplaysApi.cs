using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Security;

namespace SocialTech.BuildingBlocks.Messaging.Replays;

/// <summary>
/// The replay command, on every service that publishes contracts (README: Operations, "Rebuilding a copy"): an
/// operator asks the producer to send its contracts again to one consumer's queue, so that a new local copy fills
/// from the events that came before it. Not routed by the gateway: operators call the service itself.
/// </summary>
public static partial class ReplaysApi
{
    public const string Route = "/api/admin/replays";

    public static IEndpointRouteBuilder MapContractReplaysApi(this IEndpointRouteBuilder app)
    {
        var replays = app.MapGroup(Route).WithTags("Replays").RequireRoles(Roles.Operator);

        replays.MapPost("/", StartAsync)
            .WithName("StartReplay")
            .WithSummary("Send this service's contracts of the named types, read from its event log from the start, to one consumer's queue; answers at once, the replay runs in the background")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        replays.MapGet("/{id:guid}", GetAsync)
            .WithName("GetReplay")
            .WithSummary("A replay's progress: status, contracts sent, the last event sequence sent and the high-water mark it runs to");

        return app;
    }

    /// <summary>A RabbitMQ queue name as MassTransit's kebab-case formatter makes them (<c>funding-known-relays</c>).</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,199}$")]
    private static partial Regex QueueName();

    internal const int MaxContracts = 50;

    public static async Task<Results<Accepted<ContractReplay>, ProblemHttpResult>> StartAsync(
        ReplayRequest request, IContractMapper mapper, IBrokerQueues queues, ContractReplays runner, IDocumentSession session,
        TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(mapper);
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(http);
        var validation = new Validation()
            .Check(!string.IsNullOrEmpty(request.Queue), "queue", "is required: the consumer's queue, e.g. funding-known-relays.")
            .Check(string.IsNullOrEmpty(request.Queue) || QueueName().IsMatch(request.Queue), "queue",
                "must be a queue name: lower-case letters, digits, '.', '_' or '-', at most 200 characters.")
            .Check(request.Contracts is { Length: > 0 }, "contracts", $"is required: one or more of {string.Join(", ", mapper.Contracts.Names)}.")
            .Check(request.Contracts is null || request.Contracts.Length <= MaxContracts, "contracts", $"names at most {MaxContracts} contracts.");
        var contracts = request.Contracts ?? [];
        for (var i = 0; i < contracts.Length && i < MaxContracts; i++)
        {
            validation.Check(contracts[i] is { } name && mapper.Contracts.Contains(name), $"contracts[{i}]",
                $"is not a contract this service publishes; known: {string.Join(", ", mapper.Contracts.Names)}.");
        }

        validation.ThrowIfInvalid();

        bool exists;
        try
        {
            exists = await queues.ExistsAsync(request.Queue!, ct);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or IOException or TimeoutException
                                       or RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Broker unreachable",
                detail: "RabbitMQ cannot be reached to check the queue; try again once it is back (/health).");
        }

        new Validation()
            .Check(exists, "queue", $"no queue '{request.Queue}' on this service's broker: start the consuming service first, it declares its queues.")
            .ThrowIfInvalid();

        var now = clock.GetUtcNow();
        var replay = new ContractReplay(Guid.CreateVersion7(), request.Queue!, contracts.Distinct(StringComparer.Ordinal).ToArray(),
            ContractReplay.Queued, 0, 0, 0, AccessControlExtensions.ClientOf(http), now, null, null, null);
        session.Store(replay);
        await session.SaveChangesAsync(ct);
        runner.Enqueue(replay.Id);
        return TypedResults.Accepted($"{Route}/{replay.Id}", replay);
    }

    public static async Task<Results<Ok<ContractReplay>, NotFound>> GetAsync(Guid id, IQuerySession session, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(session);
        return await session.LoadAsync<ContractReplay>(id, ct) is { } replay ? TypedResults.Ok(replay) : TypedResults.NotFound();
    }
}
