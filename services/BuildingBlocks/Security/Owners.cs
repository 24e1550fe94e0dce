using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SocialTech.BuildingBlocks.Security;

/// <summary>Building blocks of <see cref="OwnerResolver"/>s: the route, the body, a document.</summary>
/// <remarks>
/// They run during authorization, before the endpoint binds its parameters, so that another's data answers 403
/// whatever the body holds. Reading the body buffers it; the endpoint reads it again from the start, and
/// <see cref="JsonBodies"/> refuses whatever the two readings could tell apart.
/// </remarks>
public static class Owners
{
    /// <summary>The GUID in route parameter <paramref name="parameter"/> is the owner (a network's own routes).</summary>
    public static OwnerResolver FromRoute(string parameter) => context =>
        ValueTask.FromResult<IReadOnlyCollection<Guid>?>(RouteGuid(context, parameter) is { } id ? [id] : null);

    /// <summary>The owners named in the JSON body read as <typeparamref name="TRequest"/>.</summary>
    public static OwnerResolver FromBody<TRequest>(Func<TRequest, IEnumerable<Guid>?> owners) => async context =>
    {
        if (await ReadBodyAsync<TRequest>(context) is not { } request)
        {
            return null;
        }

        // A body that names no owner is the endpoint's to refuse (400: the field is required), not a 403.
        return owners(request)?.ToArray() is { Length: > 0 } found ? found : null;
    };

    /// <summary>The owners of document <typeparamref name="TDocument"/> whose id is route parameter <paramref name="parameter"/>.</summary>
    public static OwnerResolver FromDocument<TDocument>(string parameter, Func<TDocument, IQuerySession, CancellationToken, Task<IEnumerable<Guid>?>> owners)
        where TDocument : notnull => async context =>
    {
        if (RouteGuid(context, parameter) is not { } id)
        {
            return null;
        }

        var session = context.RequestServices.GetRequiredService<IQuerySession>();
        var document = await session.LoadAsync<TDocument>(id, context.RequestAborted);
        return document is null ? null : (await owners(document, session, context.RequestAborted))?.ToArray();
    };

    /// <summary>The same, for owners held in the document itself.</summary>
    public static OwnerResolver FromDocument<TDocument>(string parameter, Func<TDocument, IEnumerable<Guid>> owners)
        where TDocument : notnull =>
        FromDocument<TDocument>(parameter, (document, _, _) => Task.FromResult<IEnumerable<Guid>?>(owners(document)));

    /// <summary>Route parameter <paramref name="parameter"/> when present, else the body: one resolver for a group's creations and updates.</summary>
    public static OwnerResolver RouteOrBody(string parameter, OwnerResolver fromRoute, OwnerResolver fromBody) => context =>
        context.Request.RouteValues.ContainsKey(parameter) ? fromRoute(context) : fromBody(context);

    public static Guid? RouteGuid(HttpContext context, string parameter) =>
        context.Request.RouteValues.TryGetValue(parameter, out var value) && Guid.TryParse(value?.ToString(), out var id) ? id : null;

    /// <summary>The body as the endpoint's binder reads it: the same JSON options over the same UTF-8 bytes.</summary>
    /// <remarks>
    /// From the buffered stream, not through <c>ReadFromJsonAsync</c>: that reads <c>BodyReader</c>, whose buffer
    /// survives the rewind, so after a refusal the binder would read leftover bytes followed by the whole body again.
    /// Any charset but UTF-8 was refused before (<see cref="JsonBodies"/>), so there is nothing to transcode.
    /// </remarks>
    private static async Task<TRequest?> ReadBodyAsync<TRequest>(HttpContext context)
    {
        if (context.Request.HasJsonContentType() is false)
        {
            return default;
        }

        context.Request.EnableBuffering();
        try
        {
            var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            return await JsonSerializer.DeserializeAsync<TRequest>(context.Request.Body, json, context.RequestAborted);
        }
        catch (JsonException)
        {
            // Unreadable for the binder too, which answers 400.
            return default;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}
