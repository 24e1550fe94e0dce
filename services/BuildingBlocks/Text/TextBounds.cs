namespace SocialTech.BuildingBlocks.Text;

/// <summary>
/// The lengths texts are bounded to, in characters once the invisible ones at their ends are trimmed. A request property
/// carries one in its <c>[StringLength]</c>/<c>[MaxLength]</c> attribute (the OpenAPI documents show it, see
/// <see cref="TextSchemas"/>) and its route's validation checks the same constant, so that the document and the check agree.
/// </summary>
public static class TextBounds
{
    /// <summary>Codes from a closed list or with a pattern (kinds, commune codes, SIREN…): a longer one matches neither,
    /// and is refused by that check.</summary>
    public const int Code = 50;

    /// <summary>A labelling scheme's criterion code.</summary>
    public const int CriterionCode = 30;

    /// <summary>An identifier as typed (a SIRET with its spaces).</summary>
    public const int Identifier = 20;

    /// <summary>A word or two: a theme.</summary>
    public const int Theme = 100;

    public const int Name = 200;

    /// <summary>Titles and the names of programmes, schemes and campaigns.</summary>
    public const int Title = 300;

    public const int Reason = 500;

    /// <summary>Purposes, references, evidence and the other texts of a paragraph or two.</summary>
    public const int Purpose = 1000;

    public const int Statement = 2000;

    public const int Description = 4000;

    public const int FreeText = 5000;

    /// <summary>Minutes, monitoring summaries: pages of text.</summary>
    public const int Minutes = 10000;

    public const int Charter = 20000;

    public const int Url = 2000;

    /// <summary>RFC 5321: an address is at most 254 characters.</summary>
    public const int Mailbox = 254;
}
