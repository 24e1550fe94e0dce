namespace SocialTech.Funding.Flows.Caching;

public static class FlowAnswerCacheExtensions
{
    /// <summary>The flow answer cache (<c>Flows:AnswerCache</c>) and the start-up fill that invalidates it when it writes.</summary>
    public static IHostApplicationBuilder AddFlowAnswers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<FlowAnswerCacheOptions>().BindConfiguration(FlowAnswerCacheOptions.Section);
        builder.Services.AddSingleton<FlowAnswerCache>();
        builder.Services.AddHostedService<FlowAmountsBackfill>();
        return builder;
    }
}
