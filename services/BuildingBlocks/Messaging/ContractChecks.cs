namespace SocialTech.BuildingBlocks.Messaging;

/// <summary>
/// What a consumer keeping a local copy checks before applying a contract: the fields its publisher never leaves
/// empty (ids, versions from 1, lists, territories). A message that breaks them can never be applied, so it goes to
/// the error queue at once (<see cref="PoisonMessageException"/>: no retry holding an in-order queue) rather than
/// failing on a null after five retries, or worse being copied and failing every read of the copy.
/// </summary>
public sealed class ContractChecks(object message)
{
    private readonly List<string> faults = [];

    public ContractChecks Id(Guid value, string field) => That(value != Guid.Empty, field, "is the empty GUID");

    public ContractChecks Version(long value) => That(value >= 1, "Version", $"is {value}, versions start at 1");

    public ContractChecks Present(object? value, string field) => That(value is not null, field, "is missing");

    /// <summary>A list that is there and holds no missing or blank item.</summary>
    public ContractChecks Items(IReadOnlyList<string>? values, string field) =>
        That(values is not null, field, "is missing")
            .That(values is null || values.All(v => !string.IsNullOrWhiteSpace(v)), field, "holds a missing or blank item");

    public ContractChecks That(bool valid, string field, string fault)
    {
        if (!valid)
        {
            faults.Add($"{field} {fault}");
        }

        return this;
    }

    /// <summary>Throws <see cref="PoisonMessageException"/> naming every fault, when there is one.</summary>
    public void ThrowIfPoison()
    {
        if (faults.Count > 0)
        {
            throw new PoisonMessageException($"{message.GetType().Name} cannot be applied: {string.Join("; ", faults)}.");
        }
    }
}
