namespace SocialTech.Benchmarks.Scenarios.Append;

/// <summary>
/// Ranks 0…n-1 drawn with probability ∝ 1/(rank+1)^s: a few streams take most of the writes, as a few busy ventures
/// (or grants, or actors) do in production. With s = 1.1 over 10 000 streams the first takes about 15 % of the draws.
/// </summary>
public sealed class Zipf
{
    private readonly double[] cumulative;

    public Zipf(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        cumulative = new double[count];
        double sum = 0;
        for (var k = 0; k < count; k++)
        {
            sum += 1 / Math.Pow(k + 1, exponent);
            cumulative[k] = sum;
        }

        for (var k = 0; k < count; k++)
        {
            cumulative[k] /= sum;
        }
    }

    public int Count => cumulative.Length;

    /// <summary>The share of draws that fall on rank <paramref name="rank"/>.</summary>
    public double Share(int rank) => cumulative[rank] - (rank == 0 ? 0 : cumulative[rank - 1]);

    public int Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var index = Array.BinarySearch(cumulative, random.NextDouble());
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }
}
