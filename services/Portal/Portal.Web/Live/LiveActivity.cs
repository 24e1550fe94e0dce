namespace SocialTech.Portal.Live;

/// <summary>One thing that just happened on the platform, as the live feed shows it.</summary>
/// <param name="Key">The source stream and version: a redelivered message (delivery is at-least-once) has the same.</param>
/// <param name="Kind"><c>grant-awarded</c>, <c>label-granted</c>, <c>cohort-announced</c>, <c>public-event-scheduled</c>, <c>venture-admitted</c>.</param>
/// <param name="TerritoryKeys">Every territory (<c>level:code</c>) it happened in, with their parents; empty when unknown.</param>
/// <param name="Network">The incubator network it is about, named and linked to its page; null for grants and labels.</param>
public sealed record LiveActivity(string Key, string Kind, string Title, string Detail, IReadOnlySet<string> TerritoryKeys, DateTimeOffset At, NetworkLink? Network = null)
{
    public bool IsIn(string? territory) => territory is null || TerritoryKeys.Contains(territory);

    public string KindLabel => Kind switch
    {
        "grant-awarded" => "Subvention attribuée",
        "label-granted" => "Label attribué",
        "cohort-announced" => "Promotion annoncée",
        "public-event-scheduled" => "Événement programmé",
        "venture-admitted" => "Projet accueilli",
        _ => Kind,
    };
}

/// <summary>A network as a line of the live feed names it: <c>/reseau/{Id}</c>.</summary>
public sealed record NetworkLink(Guid Id, string Name);
