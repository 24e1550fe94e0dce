namespace SocialTech.BuildingBlocks.Messaging;

/// <summary>
/// The contracts a service publishes, by name, each with the domain event types its <see cref="IContractMapper"/> maps
/// it from. The replay command (<see cref="Replays.ContractReplays"/>) reads only those event types from the log, so a
/// replay of relays does not map every profile change; the outbox logs an error when the mapper publishes a pair that
/// is not declared here, so that a new mapping cannot silently fall out of replays.
/// </summary>
public sealed class ContractCatalog
{
    private readonly Dictionary<string, (Type Contract, Type[] Events)> byName = new(StringComparer.Ordinal);

    /// <summary>Declares <typeparamref name="TContract"/> (by its type name), mapped from <paramref name="events"/>.</summary>
    public ContractCatalog Add<TContract>(params Type[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var name = typeof(TContract).Name;
        if (events.Length == 0 || !byName.TryAdd(name, (typeof(TContract), events)))
        {
            throw new InvalidOperationException($"Contract {name} is declared twice or from no event type.");
        }

        return this;
    }

    /// <summary>The contract names, sorted: what a replay request may name.</summary>
    public IReadOnlyList<string> Names => byName.Keys.Order(StringComparer.Ordinal).ToArray();

    public bool Contains(string name) => byName.ContainsKey(name);

    /// <summary>The event types the named contracts are mapped from.</summary>
    public Type[] EventTypesOf(IEnumerable<string> names) =>
        names.SelectMany(n => byName.TryGetValue(n, out var entry) ? entry.Events : []).Distinct().ToArray();

    /// <summary>Whether <paramref name="contract"/> is declared as mapped from <paramref name="event"/>.</summary>
    public bool Declares(Type contract, Type @event) =>
        byName.TryGetValue(contract.Name, out var entry) && entry.Contract == contract && entry.Events.Contains(@event);
}
