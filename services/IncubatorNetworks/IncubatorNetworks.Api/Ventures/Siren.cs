namespace SocialTech.IncubatorNetworks.Ventures;

/// <summary>The SIREN an incorporated venture gives: 9 digits whose Luhn sum is a multiple of 10.</summary>
/// <remarks>
/// The Actors service holds the registry's identifier rules (<c>Actors.Api/Organisations/Identifiers.cs</c>), in a web
/// project this service cannot reference, and BuildingBlocks is being reworked by another team this round: this
/// check stands alone until the rules move to a shared library. A SIREN, unlike a SIRET, has no La Poste exception.
/// </remarks>
public static class Siren
{
    public static string Normalize(string value) => string.Concat(value.Where(c => c is not (' ' or '.' or '-')));

    public static bool IsValid(string siren)
    {
        if (siren.Length != 9 || !siren.All(char.IsAsciiDigit))
        {
            return false;
        }

        // Luhn: from the right, every second digit is doubled and its digits summed.
        var sum = siren.Reverse().Select((c, position) => (c - '0') * (position % 2 + 1)).Sum(d => d / 10 + d % 10);
        return sum % 10 == 0;
    }
}
