using Marten;

namespace SocialTech.Labelling;

public static class LabellingEventStore
{
    public const string ConnectionName = "labellingdb";
    public const string Schema = "labelling";

    public static void Configure(StoreOptions options, IServiceProvider services)
    {
    }
}
