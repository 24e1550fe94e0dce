using SocialTech.Testing;

namespace SocialTech.Labelling.Tests;

/// <summary>Every event a state's Fold handles is offered to its inline projection (ProjectionEventTypes).</summary>
public sealed class ProjectionEventTypesTests : ProjectionEventTypesFacts<SocialTech.Labelling.Schemes.Scheme>;
