using Marten;

namespace SocialTech.Funding.LabelFacts;

public static class LabelFactsStorage
{
    /// <summary>
    /// Declares the label copies, so that their tables are created at start-up with the rest of the schema: created by
    /// the first white-zone query instead, a read would change the database (FuzzTests checks that a refused request changes nothing).
    /// </summary>
    public static StoreOptions AddLabelFacts(this StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Schema.For<KnownLabel>();
        options.Schema.For<KnownLabelApplication>();
        return options;
    }
}
