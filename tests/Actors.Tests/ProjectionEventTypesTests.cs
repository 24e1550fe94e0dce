using SocialTech.Testing;

namespace SocialTech.Actors.Tests;

/// <summary>Every event a state's Fold handles is offered to its inline projection (ProjectionEventTypes).</summary>
public sealed class ProjectionEventTypesTests : ProjectionEventTypesFacts<SocialTech.Actors.Organisations.Organisation>;
