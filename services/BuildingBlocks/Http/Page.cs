using Marten.Pagination;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>One page of a list, with what a client needs to fetch the next one.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long PageNumber, long PageSize, long TotalItems, long TotalPages, bool HasNextPage);

public static class Page
{
    public static Page<T> From<T>(IPagedList<T> list) =>
        new(list.ToArray(), list.PageNumber, list.PageSize, list.TotalItemCount, list.PageCount, list.HasNextPage);
}

public readonly record struct PageRequest(int Page, int PageSize)
{
    public const int MaxPageSize = 500;

    /// <summary>
    /// The last page a client may ask for. Marten and the in-memory lists compute the offset <c>(page - 1) × pageSize</c>
    /// as an <see cref="int"/>: page 2 147 483 647 of 500 overflowed into a negative offset and a 500. At this bound the
    /// offset stays under 50 million (100 000 × 500), far beyond any list here and far inside an int.
    /// </summary>
    public const int MaxPage = 100_000;

    /// <summary>Page numbers run from 1 to <see cref="MaxPage"/>; sizes from 1 to <see cref="MaxPageSize"/>.</summary>
    public static PageRequest Validate(int page, int pageSize)
    {
        var validation = new Validation();
        var request = Check(validation, page, pageSize);
        validation.ThrowIfInvalid();
        return request;
    }

    /// <summary>Adds the paging rules to a validation that also checks a route's other parameters, so that one 400 lists them all.</summary>
    public static PageRequest Check(Validation validation, int page, int pageSize)
    {
        ArgumentNullException.ThrowIfNull(validation);
        validation
            .Check(page is >= 1 and <= MaxPage, "page", $"must be between 1 and {MaxPage}.")
            .Check(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"must be between 1 and {MaxPageSize}.");
        return new PageRequest(page, pageSize);
    }

    /// <summary>How many items come before this page; never overflows, since <see cref="Page"/> ≤ <see cref="MaxPage"/>.</summary>
    public int Offset => (Page - 1) * PageSize;
}
