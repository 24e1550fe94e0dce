using Marten;
using Marten.Pagination;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Schemes.Searching;

public static class SearchSchemes
{
    /// <param name="owner">The owner's actor id.</param>
    /// <param name="labels">What is labelled: <c>territorial-collective</c>, <c>ecosystem</c>, <c>organisation</c>, <c>place</c>, <c>network</c>.</param>
    /// <param name="mode"><c>open-brand</c> or <c>obtention</c>.</param>
    /// <param name="status"><c>published</c> (default), <c>retired</c> or <c>any</c>.</param>
    public static async Task<Ok<Page<Scheme>>> Handle(
        IQuerySession session, CancellationToken ct, Guid? owner = null, string? labels = null, string? mode = null, string? status = null,
        int page = 1, int pageSize = 50)
    {
        var paging = PageRequest.Validate(page, pageSize);
        LabelledKind kind = default;
        SchemeMode schemeMode = default;
        var schemeStatus = SchemeStatus.Published;
        new Validation()
            .Check(labels is null || Kebab.TryParse(labels, out kind), "labels", $"must be one of {string.Join(", ", Kebab.Names<LabelledKind>())}.")
            .Check(mode is null || Kebab.TryParse(mode, out schemeMode), "mode", "must be open-brand or obtention.")
            .Check(status is null or "any" || Kebab.TryParse(status, out schemeStatus), "status", "must be published, retired or any.")
            .ThrowIfInvalid();

        IQueryable<Scheme> query = session.Query<Scheme>();
        if (owner is { } o)
        {
            query = query.Where(s => s.Terms.OwnerId == o);
        }

        if (labels is not null)
        {
            query = query.Where(s => s.Terms.Labels == kind);
        }

        if (mode is not null)
        {
            query = query.Where(s => s.Terms.Mode == schemeMode);
        }

        if (status != "any")
        {
            query = query.Where(s => s.Status == schemeStatus);
        }

        var schemes = await query.OrderBy(s => s.Terms.Name).ThenBy(s => s.Id).ToPagedListAsync(paging.Page, paging.PageSize, ct);
        return TypedResults.Ok(Page.From(schemes));
    }
}
