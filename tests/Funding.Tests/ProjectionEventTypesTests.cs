using SocialTech.Testing;

namespace SocialTech.Funding.Tests;

/// <summary>Every event a state's Fold handles is offered to its inline projection (ProjectionEventTypes).</summary>
public sealed class ProjectionEventTypesTests
{
    public static TheoryData<string> States() => [.. ProjectionEventTypes.StatesOf(typeof(SocialTech.Funding.Grants.Grant).Assembly).Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(States))]
    public void TheEventTypesList_HoldsEveryEventFoldHandles(string state) =>
        ProjectionEventTypes.AssertEveryFoldedEventIsListed(typeof(SocialTech.Funding.Grants.Grant).Assembly.GetType(state, throwOnError: true)!);

    [Fact]
    public void EveryInlineStateHasItsList() => Assert.Equal(3, States().Count);
}
