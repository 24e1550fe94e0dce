using System.Globalization;
using System.Text;
using JasperFx;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using SocialTech.Actors.Contracts;
using SocialTech.Actors.Directory;
using SocialTech.Actors.Territories;
using SocialTech.BuildingBlocks.EventStore;
using SocialTech.Funding;
using SocialTech.Funding.Territories;

namespace SocialTech.Benchmarks.Scenarios.FundingImport;

/// <summary>One SCDL row as generated: what the import reads from the CSV, and what the baseline copies as columns.</summary>
public sealed record ScdlRow(
    string FunderName, string FunderSiret, DateOnly DecisionDate, string Reference, string RecipientName, string RecipientSiret,
    string Purpose, decimal Amount, DateOnly PeriodStart, DateOnly PeriodEnd);

/// <summary>
/// Attributing authorities and recipients with valid SIRETs (Luhn), seeded into Funding's actor directory with their
/// SIREN and SIRET, so that the import finds every one of them there and never calls the Actors service; and rows
/// naming them, each round's with its own decision references, so that no round re-imports another's grants.
/// </summary>
public sealed class ScdlDataset
{
    public const string Header =
        "nomAttribuant;idAttribuant;dateConvention;referenceDecision;nomBeneficiaire;idBeneficiaire;rnaBeneficiaire;objet;montant;nature;" +
        "conditionsVersement;datesPeriodeVersement;idRAE;notificationUE;pourcentageSubvention;dispositifAide";

    private readonly TerritoryReferential referential;
    private readonly List<(Guid Id, string Name, string Siret)> funders = [];
    private readonly List<(Guid Id, string Name, string Siret)> recipients = [];

    public ScdlDataset(TerritoryReferential referential, int funderCount, int recipientCount, int seed)
    {
        this.referential = referential;
        var random = new Random(seed);
        var sirens = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < funderCount; i++)
        {
            // 21… communes, 22… départements, 23… régions: the import derives the funder type from the SIREN.
            var prefix = i % 10 == 0 ? "23" : i % 4 == 0 ? "22" : "21";
            var siret = Siret(random, prefix, sirens);
            funders.Add((Guid.CreateVersion7(), $"Collectivité {i}", siret));
        }

        for (var i = 0; i < recipientCount; i++)
        {
            recipients.Add((Guid.CreateVersion7(), $"Association {i}", Siret(random, "7" + random.Next(10).ToString(CultureInfo.InvariantCulture), sirens)));
        }
    }

    public int Actors => funders.Count + recipients.Count;

    /// <summary>Writes the directory documents with Marten's bulk insert (COPY), as the Actors contracts would have left them.</summary>
    public async Task SeedDirectoryAsync(string connectionString, CancellationToken ct)
    {
        using var store = FundingStores.For(connectionString, referential);

        var communes = referential.Current.CommuneCodesUnder(TerritoryLevel.Region, "84");
        var year = referential.Current.Year;
        var random = new Random(17);
        var actors = funders.Select(f => Actor(f, "local-authority"))
            .Concat(recipients.Select(r => Actor(r, "association")))
            .ToArray();
        await store.BulkInsertAsync(actors, batchSize: 5_000, cancellation: ct);

        DirectoryActor Actor((Guid Id, string Name, string Siret) a, string kind) => new(
            a.Id, a.Name, [kind], new ActorIdentifiers(a.Siret[..9], a.Siret, null), true,
            new CommuneReference(communes[random.Next(communes.Count)], year), [], DirectoryActor.Active, null, 1, DateTimeOffset.UtcNow);
    }

    /// <summary>Round <paramref name="round"/>'s rows: the same for both sides, and new to both (references <c>B{round}-…</c>).</summary>
    public IReadOnlyList<ScdlRow> Rows(string round, int count)
    {
        var random = new Random(StringComparer.Ordinal.GetHashCode(round) ^ 0x5CD1);
        var rows = new ScdlRow[count];
        for (var i = 0; i < count; i++)
        {
            var funder = funders[random.Next(funders.Count)];
            var recipient = recipients[random.Next(recipients.Count)];
            var decided = new DateOnly(2022, 1, 1).AddDays(random.Next(3 * 365));
            var amount = Math.Round(500m + (decimal)(random.NextDouble() * 150_000), 2);
            rows[i] = new ScdlRow(funder.Name, funder.Siret, decided, $"B{round}-{i:D6}", recipient.Name, recipient.Siret,
                $"Soutien au projet associatif {i}", amount, decided, decided.AddMonths(12));
        }

        return rows;
    }

    /// <summary>An SCDL 2.1.1 file (<c>;</c>, UTF-8), as an authority's open-data portal publishes it.</summary>
    public static byte[] Csv(IEnumerable<ScdlRow> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{r.FunderName};{r.FunderSiret};{r.DecisionDate:yyyy-MM-dd};{r.Reference};{r.RecipientName};{r.RecipientSiret};;{r.Purpose};{r.Amount:F2};aide en numéraire;;{r.PeriodStart:yyyy-MM-dd}/{r.PeriodEnd:yyyy-MM-dd};;non;1;\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A SIREN (8 digits and a Luhn check digit) then a SIRET (its 5-digit establishment number, Luhn over all 14).</summary>
    private static string Siret(Random random, string prefix, HashSet<string> taken)
    {
        while (true)
        {
            var body = prefix + string.Concat(Enumerable.Range(0, 8 - prefix.Length).Select(_ => (char)('0' + random.Next(10))));
            var siren = WithCheckDigit(body);
            if (siren.StartsWith("356", StringComparison.Ordinal) || !taken.Add(siren))
            {
                continue;
            }

            return WithCheckDigit(siren + "000" + (char)('1' + random.Next(9)));
        }
    }

    private static string WithCheckDigit(string payload)
    {
        for (var d = 0; d < 10; d++)
        {
            var candidate = payload + (char)('0' + d);
            if (Luhn(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("unreachable: one of ten check digits always holds");
    }

    private static bool Luhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var d = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
        }

        return sum % 10 == 0;
    }
}
