using System.Collections;
using System.Diagnostics;

namespace SocialTech.Platform.Tests;

/// <summary>
/// The spans the in-memory exporter hands over, safe to read while it writes. The exporter adds to whatever
/// collection it is given without a lock of ours, so a plain list being copied by a test while a span ended threw
/// "Destination array was not long enough" (CI, 2026-11-23).
/// </summary>
public sealed class SpanCollection : ICollection<Activity>
{
    private readonly List<Activity> spans = [];

    public int Count
    {
        get
        {
            lock (spans)
            {
                return spans.Count;
            }
        }
    }

    public bool IsReadOnly => false;

    public void Add(Activity item)
    {
        lock (spans)
        {
            spans.Add(item);
        }
    }

    /// <summary>A copy of the spans exported so far.</summary>
    public List<Activity> Snapshot()
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    public void Clear()
    {
        lock (spans)
        {
            spans.Clear();
        }
    }

    public bool Contains(Activity item) => Snapshot().Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(Activity item)
    {
        lock (spans)
        {
            return spans.Remove(item);
        }
    }

    public IEnumerator<Activity> GetEnumerator() => Snapshot().GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
