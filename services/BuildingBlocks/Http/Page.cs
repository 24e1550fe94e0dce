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

    /// <summary>Page numbers start at 1; sizes run from 1 to <see cref="MaxPageSize"/>.</summary>
    public static PageRequest Validate(int page, int pageSize)
    {
        new Validation()
            .Check(page >= 1, "page", "must be 1 or more.")
            .Check(pageSize is >= 1 and <= MaxPageSize, "pageSize", $"must be between 1 and {MaxPageSize}.")
            .ThrowIfInvalid();
        return new PageRequest(page, pageSize);
    }
}
