namespace EventWizard.Shared.Interactions;

/// <summary>One page of a transcript: <c>{ items, next }</c>; <see cref="CursorFound"/> false when <c>after</c> named no interaction of the session.</summary>
public sealed record InteractionPage(IReadOnlyList<InteractionRow> Items, string? Next, bool CursorFound)
{
    public static readonly InteractionPage UnknownCursor = new([], null, CursorFound: false);
}
