namespace SocialTech.IncubatorNetworks.Activity.Publishing;

/// <summary>
/// Within one process, messages about the same subject take turns instead of racing to its stream.
/// </summary>
/// <remarks>
/// A network publishes without <c>If-Match</c>, so two messages about one busy venture would both read the stream,
/// one would commit and the other lose at commit and redo every read (up to three attempts, then a 412 the client
/// resends). Waiting its turn costs the second message nothing it would not have paid anyway. The stream's optimistic
/// check at commit still guards writers in other replicas; this only spares the lost work inside one. Subjects share
/// a turn when their ids fall on the same stripe, which with 1 024 stripes and a few dozen writers in flight is rare
/// and only ever makes one wait for the other.
/// </remarks>
internal static class SubjectTurns
{
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public static async Task<Turn> TakeAsync(Guid streamId, CancellationToken ct)
    {
        var stripe = Stripes[(streamId.GetHashCode() & int.MaxValue) % Stripes.Length];
        await stripe.WaitAsync(ct);
        return new Turn(stripe);
    }

    public readonly struct Turn(SemaphoreSlim stripe) : IDisposable
    {
        public void Dispose() => stripe.Release();
    }
}
