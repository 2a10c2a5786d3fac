using System.Collections;

namespace EventWizard.Tests.Observability;

/// <summary>What an in-memory exporter exported; exporters add from the request threads, tests read snapshots.</summary>
public sealed class ExportedItems<T> : ICollection<T>
{
    private readonly List<T> items = [];

    public int Count { get { lock (items) { return items.Count; } } }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (items)
        {
            items.Add(item);
        }
    }

    public void Clear()
    {
        lock (items)
        {
            items.Clear();
        }
    }

    public T[] Snapshot()
    {
        lock (items)
        {
            return [.. items];
        }
    }

    public bool Contains(T item) => Snapshot().Contains(item);

    public void CopyTo(T[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

    public bool Remove(T item)
    {
        lock (items)
        {
            return items.Remove(item);
        }
    }

    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)Snapshot()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
