using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.BuildingBlocks.Http;

namespace SocialTech.Labelling.Schemes.Amending;

public static class AmendScheme
{
    /// <summary>
    /// Replaces the terms; the same terms again append nothing. Applications already drafted keep the rules they
    /// were drafted under (they carry a copy), so an amendment never changes the rules of a selection under way.
    /// </summary>
    public static IReadOnlyList<object> Decide(Scheme scheme, SchemeRequest request, DateTimeOffset now)
    {
        var terms = SchemeRules.Terms(request);
        scheme.EnsurePublished("amend the scheme");
        return SchemeRules.Same(scheme.Terms, terms) ? [] : [new SchemeAmended(scheme.Id, terms, now)];
    }

    public static Task<Ok<Scheme>> Handle(
        Guid id, SchemeRequest body, HttpRequest request, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
        SchemeUpdating.ApplyAsync(id, request, session, scheme => Decide(scheme, body, clock.GetUtcNow()), ct);
}

/// <summary>The one way every scheme update writes: If-Match → decide → append → the new record with its ETag.</summary>
public static class SchemeUpdating
{
    public static async Task<Ok<Scheme>> ApplyAsync(
        Guid id, HttpRequest request, IDocumentSession session, Func<Scheme, IReadOnlyList<object>> decide, CancellationToken ct)
    {
        var version = await session.DecideAndAppendAsync(id, ETag.ExpectedVersion(request), decide, ct);
        var scheme = await session.LoadAsync<Scheme>(id, ct);
        ETag.Set(request.HttpContext.Response, version);
        return TypedResults.Ok(scheme!);
    }
}
