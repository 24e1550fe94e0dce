namespace SocialTech.Funding.Grants;

/// <summary>
/// The bounds of every amount Funding takes (a grant, a funder's part, a disbursement, an amendment, a programme's
/// envelope): positive, cents at most, and no more than <see cref="Max"/>. The ceiling is ten billion euros, above
/// the largest single public grant or envelope a French authority decides (a whole ministry's programme is counted in
/// billions); a figure beyond it is a typo or a test, and one such figure would make every total a public authority
/// reads wrong.
/// </summary>
public static class Euros
{
    /// <summary>The largest amount, in euros: 10 000 000 000 (1e10).</summary>
    public const decimal Max = 10_000_000_000m;

    /// <summary><see cref="Max"/> for the <c>[Range]</c> attributes that put it in the OpenAPI documents as <c>maximum</c>.</summary>
    public const double MaxForSchema = 10_000_000_000d;

    /// <summary>How the messages write the ceiling, with French thousands separators.</summary>
    public const string MaxText = "10 000 000 000";
}
