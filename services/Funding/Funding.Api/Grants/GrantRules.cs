using System.ComponentModel.DataAnnotations;
using Marten;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.BuildingBlocks.Http;
using SocialTech.BuildingBlocks.Text;
using SocialTech.Funding.Funders;
using SocialTech.Funding.Programmes;
using SocialTech.Funding.Territories;

namespace SocialTech.Funding.Grants;

/// <param name="FunderId">A directory actor id.</param>
/// <param name="Amount">Its part in euros; the parts add up to the grant's amount. May be left out when there is one funder.</param>
/// <param name="FunderType"><c>state</c>, <c>region</c>, <c>departement</c>, <c>epci</c>, <c>commune</c>, <c>eu-fund</c>,
/// <c>foundation</c>, <c>company</c>, <c>other</c>; when left out, the type the funder was declared with
/// (<c>/api/funding/funders</c>), or else a guess from the actor's kinds.</param>
public sealed record FunderShareRequest(Guid? FunderId, [property: Range(0d, Euros.MaxForSchema, MinimumIsExclusive = true)] decimal? Amount = null, [property: MaxLength(TextBounds.Code)] string? FunderType = null);

/// <param name="Funders">One or more funders with their parts (co-funding).</param>
/// <param name="RecipientId">The directory actor that receives the money.</param>
/// <param name="ProgrammeId">The programme it is granted under, if any.</param>
/// <param name="Purpose">What the money is for.</param>
/// <param name="Amount">Amount in euros, cents at most.</param>
/// <param name="DecisionDate">The day the funder decided (awarding only).</param>
/// <param name="PlannedStart">Start of the funded period.</param>
/// <param name="PlannedEnd">End of the funded period.</param>
/// <param name="FiscalYears">Budget years it is charged to; the years of the planned period when left out.</param>
/// <param name="PaymentTerms">How it is paid (instalments, on receipts…).</param>
/// <param name="BeneficiaryCommuneCodes">INSEE codes of the communes where the money is used; the recipient's head office when left out.</param>
/// <param name="ParentGrantId">The grant an intermediary regrants from; the intermediary must be one of the funders, and its
/// parts in the children of a grant never add up to more than that grant's amount.</param>
/// <param name="Derogation">When the award breaks its programme's rules (perimeter, beneficiary kinds, window): the rules it sets
/// aside and why. Recorded with the grant and published in its details and the 360Giving export. Not for an application.</param>
public sealed record GrantRequest(
    IReadOnlyList<FunderShareRequest>? Funders,
    Guid? RecipientId,
    [property: StringLength(TextBounds.Purpose, MinimumLength = 1)] string? Purpose,
    [property: Range(0d, Euros.MaxForSchema, MinimumIsExclusive = true)] decimal? Amount,
    DateOnly? PlannedStart,
    DateOnly? PlannedEnd,
    Guid? ProgrammeId = null,
    DateOnly? DecisionDate = null,
    IReadOnlyList<int>? FiscalYears = null,
    [property: MaxLength(TextBounds.FreeText)] string? PaymentTerms = null,
    [property: EachMaxLength(TextBounds.Code)] IReadOnlyList<string>? BeneficiaryCommuneCodes = null,
    Guid? ParentGrantId = null,
    DerogationRequest? Derogation = null);

/// <summary>What a grant's decision reads before it runs: the directory's actors, the programme, the parent grant, the declared funders.</summary>
/// <param name="Declared">The funders declared (<c>/api/funding/funders</c>) among the request's actors: only they can
/// award, whatever the caller's role. <c>null</c> only for the SCDL import, which records the attributing authority
/// an authority's own published file names.</param>
/// <param name="Regranted">What the parent's awarded children already regrant out of it (<see cref="Regrants"/>).</param>
public sealed record GrantContext(
    IReadOnlyDictionary<Guid, DirectoryActor> Actors, Programme? Programme, Grant? Parent, IReadOnlyDictionary<Guid, Funder>? Declared = null,
    decimal Regranted = 0m)
{
    public static async Task<GrantContext> LoadAsync(IQuerySession session, GrantRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = (request.Funders ?? []).Where(f => f?.FunderId is not null).Select(f => f.FunderId!.Value)
            .Concat(request.RecipientId is { } r ? [r] : []).Distinct().ToArray();
        var actors = ids.Length == 0 ? [] : await session.LoadManyAsync<DirectoryActor>(ct, ids);
        var programme = request.ProgrammeId is { } p ? await session.LoadAsync<Programme>(p, ct) : null;
        var parent = request.ParentGrantId is { } g ? await session.LoadAsync<Grant>(g, ct) : null;
        var declared = ids.Length == 0 ? [] : await session.LoadManyAsync<Funder>(ct, ids);
        var regranted = parent is null ? 0m : await Regrants.RegrantedAsync(session, parent, null, ct);
        return new GrantContext(actors.ToDictionary(a => a.Id), programme, parent, declared.ToDictionary(f => f.Id), regranted);
    }
}

public static class GrantRules
{
    public static GrantTerms Terms(Validation validation, GrantRequest request, GrantContext context, IFundingTerritories territories)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(territories);
        validation.Required(request.Purpose, "purpose", TextBounds.Purpose).Bounded(request.PaymentTerms, "paymentTerms", TextBounds.FreeText);
        Money(validation, request.Amount, "amount");

        DirectoryActor? recipient = null;
        validation.Check(request.RecipientId is not null, "recipientId", "is required.");
        validation.Check(request.RecipientId is null || context.Actors.TryGetValue(request.RecipientId.Value, out recipient), "recipientId",
            $"{request.RecipientId} is not in Funding's actor directory.");

        var shares = Shares(validation, request.Funders, request.Amount, context);

        validation
            .Check(request.PlannedStart is not null, "plannedStart", "is required.")
            .Check(request.PlannedEnd is not null, "plannedEnd", "is required.")
            .Check(request.PlannedStart is null || request.PlannedEnd is null || request.PlannedEnd >= request.PlannedStart, "plannedEnd",
                "cannot come before plannedStart.")
            .Check(request.ProgrammeId is null || context.Programme is not null, "programmeId", $"no programme has id {request.ProgrammeId}.")
            .Check(request.ParentGrantId is null || context.Parent is not null, "parentGrantId", $"no grant has id {request.ParentGrantId}.")
            .Check(context.Parent is null || shares.Any(s => s.FunderId == context.Parent.Terms.Recipient.ActorId), "parentGrantId",
                "the parent grant's recipient must be one of this grant's funders: it is the intermediary that regrants.");

        var fiscalYears = request.FiscalYears is { Count: > 0 } years
            ? years.Distinct().Order().ToArray()
            : request.PlannedStart is { } start && request.PlannedEnd is { } end && end >= start
                ? Enumerable.Range(start.Year, end.Year - start.Year + 1).ToArray()
                : [];
        validation.Check(fiscalYears.All(y => y is >= 1990 and <= 2100), "fiscalYears", "must be years between 1990 and 2100.");

        var locations = new List<CommuneReference>();
        validation.Check(request.BeneficiaryCommuneCodes is null || request.BeneficiaryCommuneCodes.All(c => c is not null), "beneficiaryCommuneCodes",
            "a commune code cannot be null.");
        foreach (var code in (request.BeneficiaryCommuneCodes ?? []).OfType<string>().Select(c => c.Trim()).Distinct())
        {
            // An arrondissement counts for its commune, as everywhere on the platform.
            var commune = territories.CommuneCodeOf(code);
            validation.Check(commune is not null, "beneficiaryCommuneCodes", $"'{code}' is not a current commune (INSEE code).");
            if (commune is not null && !locations.Any(l => l.Code == commune))
            {
                locations.Add(new CommuneReference(commune, territories.Vintage));
            }
        }

        return new GrantTerms(
            shares,
            recipient is null ? new GrantRecipient(Guid.Empty, [], new CommuneReference("", territories.Vintage))
                : new GrantRecipient(recipient.Id, recipient.Kinds, recipient.HeadOffice),
            request.ProgrammeId,
            request.Purpose?.Trim() ?? "",
            request.Amount ?? 0m,
            request.PlannedStart ?? default,
            request.PlannedEnd ?? default,
            fiscalYears,
            string.IsNullOrWhiteSpace(request.PaymentTerms) ? null : request.PaymentTerms.Trim(),
            locations.Count > 0 ? locations : recipient is null ? [] : [recipient.HeadOffice],
            request.ParentGrantId);
    }

    /// <summary>The funders' parts: a lone funder may leave its part out (it is the whole amount); co-funders must add up.</summary>
    public static IReadOnlyList<FunderShare> Shares(Validation validation, IReadOnlyList<FunderShareRequest>? funders, decimal? amount, GrantContext context)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(context);
        var requested = funders ?? [];
        validation.Check(requested.Count > 0, "funders", "at least one funder is required.");
        validation.Check(requested.Select(f => f?.FunderId).Distinct().Count() == requested.Count, "funders", "a funder appears once, with its whole part.");
        var shares = new List<FunderShare>();
        foreach (var (share, i) in requested.Select((s, i) => (s, i)))
        {
            var field = $"funders[{i}]";
            if (share is null)
            {
                validation.Check(false, field, "is required: a funder id and its part.");
                continue;
            }

            DirectoryActor? funder = null;
            validation.Check(share.FunderId is { } id && context.Actors.TryGetValue(id, out funder), $"{field}.funderId",
                $"{share.FunderId} is not in Funding's actor directory.");
            // A funder token, or an admin, awards in the name of an actor only once it is declared as a funder: otherwise any
            // actor id could appear as a public funder in the flows.
            validation.Check(funder is null || context.Declared is null || context.Declared.ContainsKey(funder.Id), $"{field}.funderId",
                $"{share.FunderId} is not declared as a funder; declare it first (POST /api/funding/funders).");
            var part = share.Amount ?? (requested.Count == 1 ? amount : null);
            validation.Check(part is > 0, $"{field}.amount", "is required for each co-funder and must be positive.");
            if (share.Amount is not null)
            {
                Bounded(validation, share.Amount, $"{field}.amount");
            }

            FunderType type = default;
            validation.Check(share.FunderType is null || Kebab.TryParse(share.FunderType, out type), $"{field}.funderType",
                $"must be one of {string.Join(", ", Kebab.Names<FunderType>())}.");
            // A type given with the grant wins over the declared one: a région may act as managing authority of an EU fund.
            var declared = share.FunderId is { } funderId ? context.Declared?.GetValueOrDefault(funderId) : null;
            shares.Add(new FunderShare(share.FunderId ?? Guid.Empty, share.FunderType is null ? declared?.FunderType ?? Guess(funder) : type, part ?? 0m));
        }

        validation.Check(amount is null || shares.Count == 0 || shares.Sum(s => s.Amount) == amount, "funders",
            $"the parts add up to {shares.Sum(s => s.Amount)}, not to the amount {amount}.");
        return shares;
    }

    /// <summary>A required amount: positive, cents at most, at most <see cref="Euros.Max"/>.</summary>
    public static void Money(Validation validation, decimal? amount, string field)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation.Check(amount is > 0, field, "is required and must be positive (euros).");
        Bounded(validation, amount, field);
    }

    /// <summary>An amount's cents and ceiling, when it is given; whether it must be, and be positive, is the caller's rule.</summary>
    public static void Bounded(Validation validation, decimal? amount, string field)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation
            .Check(amount is null || decimal.Round(amount.Value, 2) == amount, field, "has at most two decimals (cents).")
            .Check(amount is null || amount <= Euros.Max, field, $"cannot exceed {Euros.MaxText} euros.");
    }

    /// <summary>A best guess from the directory's kinds; a local authority's level is not in the directory, so it says <c>other</c>.</summary>
    private static FunderType Guess(DirectoryActor? funder) => funder?.Kinds switch
    {
        null => FunderType.Other,
        var kinds when kinds.Contains("state-service") => FunderType.State,
        var kinds when kinds.Contains("foundation") => FunderType.Foundation,
        var kinds when kinds.Any(k => k is "csr-company" or "esus-company" or "social-enterprise" or "scop" or "scic") => FunderType.Company,
        _ => FunderType.Other,
    };
}
