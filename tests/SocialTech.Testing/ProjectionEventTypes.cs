using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Xunit;

namespace SocialTech.Testing;

/// <summary>
/// Inline projections are offered only the event types their state's <c>EventTypes</c> lists (so that a commit does
/// not load unrelated documents); an event its <c>Fold</c> handles but the list forgets would silently stop being
/// projected. This finds every such event by calling each Fold with every type of the service's assembly.
/// </summary>
public static class ProjectionEventTypes
{
    /// <summary>The states of <paramref name="service"/> with an <c>EventTypes</c> list and a <c>Fold(state?, object)</c>.</summary>
    public static IReadOnlyList<Type> StatesOf(Assembly service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return service.GetTypes().Where(t => t.GetField("EventTypes", BindingFlags.Public | BindingFlags.Static) is not null && FoldOf(t) is not null).ToArray();
    }

    /// <summary>
    /// Fails naming each type that <paramref name="state"/>'s Fold handles but its EventTypes leaves out. The list may
    /// hold more: an event Fold ignores still reaches the projection so that the document's version (its ETag) advances.
    /// </summary>
    public static void AssertEveryFoldedEventIsListed(Type state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var listed = ((IEnumerable<Type>)state.GetField("EventTypes", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!).ToHashSet();
        var fold = FoldOf(state)!;
        var existing = RuntimeHelpers.GetUninitializedObject(state);
        var candidates = state.Assembly.GetTypes().Where(t =>
            t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && !t.IsDefined(typeof(CompilerGeneratedAttribute)) && !typeof(Delegate).IsAssignableFrom(t));

        var forgotten = candidates.Where(t => !listed.Contains(t) && Handles(fold, existing, RuntimeHelpers.GetUninitializedObject(t))).Select(t => t.Name).ToArray();

        Assert.True(forgotten.Length == 0, $"{state.Name}.Fold handles {string.Join(", ", forgotten)}, missing from {state.Name}.EventTypes.");
    }

    // Handled: it starts a state from nothing, gives an existing state a new value, or reads the event's fields (an
    // uninitialised event then throws).
    private static bool Handles(MethodInfo fold, object existing, object @event)
    {
        try
        {
            return fold.Invoke(null, [null, @event]) is not null || !ReferenceEquals(fold.Invoke(null, [existing, @event]), existing);
        }
        catch (TargetInvocationException)
        {
            return true;
        }
    }

    private static MethodInfo? FoldOf(Type state) =>
        state.GetMethod("Fold", BindingFlags.Public | BindingFlags.Static, [state, typeof(object)]);
}

/// <summary>
/// The two checks each service runs on its inline states (<see cref="ProjectionEventTypes"/>): derive a sealed class
/// named <c>ProjectionEventTypesTests</c> with any type of the service's assembly as <typeparamref name="TServiceType"/>.
/// </summary>
public abstract class ProjectionEventTypesFacts<TServiceType>
{
    [SuppressMessage("Design", "CA1000", Justification = "xUnit's MemberData names a static member of the test class.")]
    public static TheoryData<string> States() => [.. ProjectionEventTypes.StatesOf(typeof(TServiceType).Assembly).Select(t => t.FullName!)];

    [Theory]
    [MemberData(nameof(States))]
    public void TheEventTypesList_HoldsEveryEventFoldHandles(string state) =>
        ProjectionEventTypes.AssertEveryFoldedEventIsListed(typeof(TServiceType).Assembly.GetType(state, throwOnError: true)!);

    [Fact]
    public void EveryInlineStateHasItsList() => Assert.NotEmpty(States());
}
