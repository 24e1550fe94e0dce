using SocialTech.BuildingBlocks.Text;

namespace SocialTech.BuildingBlocks.Http;

/// <summary>Collects field errors, then throws one <see cref="ValidationException"/> listing all of them.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> errors = new(StringComparer.Ordinal);

    public Validation Check(bool valid, string field, string message)
    {
        if (!valid)
        {
            if (!errors.TryGetValue(field, out var messages))
            {
                errors[field] = messages = [];
            }

            messages.Add(message);
        }

        return this;
    }

    /// <summary>Required text: present with at least one visible character (zero-width spaces alone are no name), and
    /// at most <paramref name="maxLength"/> characters once the invisible ones at its ends are trimmed.</summary>
    public Validation Required(string? value, string field, int maxLength = 500) =>
        Check(value is not null && VisibleText.Trim(value).Length > 0, field, "is required.")
            .Check(value is null || VisibleText.Trim(value).Length <= maxLength, field, $"must be at most {maxLength} characters.")
            // PostgreSQL's jsonb cannot hold U+0000: refused here, it is a 400 naming the field rather than a 500 at commit.
            .Check(value is null || !value.Contains('\0', StringComparison.Ordinal), field, "cannot contain a NUL character (U+0000).");

    /// <summary>Optional text: when given, at most <paramref name="maxLength"/> characters once trimmed, and no NUL.</summary>
    public Validation Bounded(string? value, string field, int maxLength) =>
        Check(value is null || VisibleText.Trim(value).Length <= maxLength, field, $"must be at most {maxLength} characters.")
            .Check(value is null || !value.Contains('\0', StringComparison.Ordinal), field, "cannot contain a NUL character (U+0000).");

    public bool IsValid => errors.Count == 0;

    public void ThrowIfInvalid()
    {
        if (errors.Count > 0)
        {
            throw new ValidationException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
