using SocialTech.Testing;

namespace SocialTech.Funding.Tests;

/// <summary>Every event a state's Fold handles is offered to its inline projection (ProjectionEventTypes).</summary>
public sealed class ProjectionEventTypesTests : ProjectionEventTypesFacts<SocialTech.Funding.Grants.Grant>;
