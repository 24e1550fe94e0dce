using System.Globalization;
using SocialTech.BuildingBlocks.Text;

namespace SocialTech.Portal;

public static class FrenchCulture
{
    /// <summary>The portal speaks French to everyone: amounts, dates and percentages are formatted as in France.</summary>
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    public static WebApplication UseFrenchCulture(this WebApplication app)
    {
        app.UseRequestLocalization(options =>
        {
            options.DefaultRequestCulture = new Microsoft.AspNetCore.Localization.RequestCulture(Culture);
            options.SupportedCultures = [Culture];
            options.SupportedUICultures = [Culture];
            options.RequestCultureProviders.Clear();
        });
        return app;
    }

    public static string Euros(decimal amount) => amount.ToString("C0", Culture);

    public static string Percent(decimal share) => share.ToString("P1", Culture);

    /// <summary>« 20 janvier 2027 », « 1er mars 2026 »: the one French date of the platform (<see cref="FrenchWording.Date"/>).</summary>
    public static string Date(DateOnly day) => FrenchWording.Date(day);
}
